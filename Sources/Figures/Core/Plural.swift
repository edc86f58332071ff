/// "1 read", "32 reads": counts in descriptions read as English.
enum Plural {
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
