import JupyterKernel
import Testing

@Suite("History of this session's cells")
struct HistoryTests {
    var history: History {
        var h = History()
        for (line, input) in ["6 * 7", "let a = 1", "6 * 7", "print(a)", "6 * 8"].enumerated() {
            h.record(line: line + 1, input: input, output: input.hasPrefix("6") ? "42" : nil)
        }
        return h
    }

    @Test func tailGivesTheNewestCells() {
        #expect(history.tail(2).map(\.line) == [4, 5])
    }

    @Test func rangeIsHalfOpenAndCurrentSessionOnly() {
        #expect(history.range(session: 1, start: 2, stop: 4).map(\.line) == [2, 3])
        #expect(history.range(session: 0, start: 5, stop: nil).map(\.line) == [5])
        #expect(history.range(session: 7, start: 1, stop: nil).isEmpty)
    }

    @Test func searchMatchesGlobsWithUniqueAndN() {
        #expect(history.search(pattern: "6*", n: nil, unique: false).map(\.line) == [1, 3, 5])
        #expect(history.search(pattern: "6*", n: nil, unique: true).map(\.line) == [3, 5])
        #expect(history.search(pattern: "6*", n: 1, unique: false).map(\.line) == [5])
        #expect(history.search(pattern: "?rint(*)", n: nil, unique: false).map(\.line) == [4])
        #expect(history.search(pattern: "6 * [78]", n: nil, unique: false).map(\.line) == [1, 3, 5])
        #expect(history.search(pattern: "let", n: nil, unique: false).isEmpty)
    }
}
