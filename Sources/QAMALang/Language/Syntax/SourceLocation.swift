/// A position in a cell: 1-based line and column, columns counted in Unicode scalars (what Jupyter and
/// editors count), plus the 0-based scalar offset from the start of the cell.
public struct SourceLocation: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    public static func < (a: Self, b: Self) -> Bool { a.offset < b.offset }
    public var description: String { "line \(line), column \(column)" }
}

/// A half-open span of source; errors point at `start`.
public struct SourceRange: Sendable, Equatable, Hashable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(_ start: SourceLocation, _ end: SourceLocation) {
        self.start = start
        self.end = end
    }

    public init(at location: SourceLocation) { self.init(location, location) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}
