/// "did you mean …?" for NameErrors: the known name closest by edit distance (at most 2 edits, and fewer
/// than half the name's length).
enum NameSuggestion {
    static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name)
        var best: (String, Int)? = nil
        for c in Set(candidates) where c != name {
            let d = distance(target, Array(c))
            if d <= 2, d * 2 < max(target.count, 2), best.map({ d < $0.1 || (d == $0.1 && c < $0.0) }) ?? true { best = (c, d) }
        }
        return best?.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }
}
