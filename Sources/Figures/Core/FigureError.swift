/// Why a figure could not be drawn: empty input, a NaN or infinite value, mismatched lengths, a bad option.
public struct FigureError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    static func empty(_ what: String) -> FigureError { FigureError("\(what): no data to plot") }

    static func lengthMismatch(_ what: String, expected: Int, got: Int) -> FigureError {
        FigureError("\(what): expected \(expected) values, got \(got)")
    }

    /// Rejects NaN and ±infinity, naming the first offending position.
    static func requireFinite(_ values: [Double], _ what: String) throws(FigureError) {
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw FigureError("\(what): value at index \(i) is \(values[i].isNaN ? "NaN" : "infinite")")
        }
    }

    static func requireFinite(_ value: Double, _ what: String) throws(FigureError) {
        if !value.isFinite { throw FigureError("\(what) is \(value.isNaN ? "NaN" : "infinite")") }
    }
}
