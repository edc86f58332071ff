/// This session's executed cells, for `history_request` (tail, range, search), as IPython's history
/// manager answers them. Session number 1 is this session; 0 and negative numbers count back from it.
public struct History: Sendable {
    public struct Entry: Sendable, Equatable {
        public var line: Int
        public var input: String
        public var output: String?
    }

    public static let session = 1
    public private(set) var entries: [Entry] = []

    public init() {}

    public mutating func record(line: Int, input: String, output: String?) {
        entries.append(Entry(line: line, input: input, output: output))
    }

    public func tail(_ n: Int) -> [Entry] {
        Array(entries.suffix(max(0, n)))
    }

    /// Lines `start..<stop` of a session (stop nil = to the end); other sessions have nothing stored.
    public func range(session: Int, start: Int, stop: Int?) -> [Entry] {
        guard session == Self.session || session <= 0 else { return [] }
        return entries.filter { $0.line >= start && (stop == nil || $0.line < stop!) }
    }

    /// Cells matching a glob (`*`, `?`, `[...]` as in sqlite GLOB), newest `n` of them; `unique` keeps
    /// the newest copy of each distinct input.
    public func search(pattern: String, n: Int?, unique: Bool) -> [Entry] {
        var matches = entries.filter { Glob(pattern).matches($0.input) }
        if unique {
            var seen = Set<String>()
            matches = Array(matches.reversed().filter { seen.insert($0.input).inserted }.reversed())
        }
        if let n { matches = Array(matches.suffix(max(0, n))) }
        return matches
    }
}
