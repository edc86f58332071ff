/// "did you mean …?" for NameErrors and completion: the known name closest by edit distance (at most 2
/// edits, and fewer than half the name's length). Swapping two neighbouring letters is one edit, so
/// `slove` is closer to `solve` than to `save`.
enum NameSuggestion {
    /// Every candidate within the distance limit, closest first (then alphabetically).
    static func ranked(_ name: String, among candidates: [String]) -> [String] {
        let target = Array(name)
        return Set(candidates).compactMap { c -> (String, Int)? in
            let d = distance(target, Array(c))
            return d <= 2 && d * 2 < max(target.count, 2) ? (c, d) : nil
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    static func closest(to name: String, among candidates: [String]) -> String? {
        ranked(name, among: candidates.filter { $0 != name }).first
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                // A transposition (optimal string alignment distance).
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], beforePrevious[j - 2] + 1) }
            }
            beforePrevious = previous
            swap(&previous, &row)
        }
        return previous[b.count]
    }
}
