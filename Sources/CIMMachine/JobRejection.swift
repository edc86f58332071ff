/// Why a machine refuses a job, before it runs: the server answers with the matching HTTP status (400,
/// 413, 422), the in-process machine with the matching client error.
public struct JobRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not a well-formed job (400).
        case badRequest
        /// More spins than the machine has (413).
        case tooManySpins
        /// A coefficient the machine cannot hold (422).
        case outOfPrecision
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
