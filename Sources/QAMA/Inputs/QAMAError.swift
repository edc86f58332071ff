/// A problem with the inputs or options of the QAMA operator, with a message for the user.
///
/// `kind` lets the language map it onto its own error kinds (`ShapeError`, `ValueError`).
public struct QAMAError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// A tensor has the wrong rank or element count, or two tensors disagree in shape.
        case shape
        /// A tensor holds NaN or ±∞.
        case nonFinite
        /// An option is out of range (bits, top-k, …).
        case option
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
