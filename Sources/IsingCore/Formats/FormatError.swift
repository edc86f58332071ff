/// A file that could not be read or written, with the file and (where known) the line.
public struct FormatError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension FormatError {
    static func at(_ path: String, line: Int, _ what: String) -> FormatError {
        FormatError("\(path):\(line): \(what)")
    }
}
