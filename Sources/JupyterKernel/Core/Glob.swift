/// A glob pattern over a whole string (`*` any run, `?` one character, `[abc]`/`[!a-z]` a class),
/// the matching IPython's history search uses.
struct Glob {
    let pattern: [Character]

    init(_ pattern: String) { self.pattern = Array(pattern) }

    func matches(_ text: String) -> Bool {
        let s = Array(text)
        // Iterative matching with backtracking to the last `*`: linear in practice, no recursion.
        var p = 0, t = 0
        var starP = -1, starT = 0
        while t < s.count {
            if p < pattern.count, pattern[p] == "*" {
                starP = p; starT = t; p += 1
            } else if p < pattern.count, let width = matchOne(at: p, s[t]) {
                p += width; t += 1
            } else if starP >= 0 {
                p = starP + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Pattern length consumed if the element at `p` matches `c`, else nil.
    private func matchOne(at p: Int, _ c: Character) -> Int? {
        switch pattern[p] {
        case "?": return 1
        case "[":
            var k = p + 1
            let negate = k < pattern.count && (pattern[k] == "!" || pattern[k] == "^")
            if negate { k += 1 }
            var found = false
            var first = true
            while k < pattern.count, pattern[k] != "]" || first {
                first = false
                if k + 2 < pattern.count, pattern[k + 1] == "-", pattern[k + 2] != "]" {
                    if pattern[k] <= c && c <= pattern[k + 2] { found = true }
                    k += 3
                } else {
                    if pattern[k] == c { found = true }
                    k += 1
                }
            }
            guard k < pattern.count else { return pattern[p] == c ? 1 : nil }  // unclosed: literal "["
            return found != negate ? k - p + 1 : nil
        default:
            return pattern[p] == c ? 1 : nil
        }
    }
}
