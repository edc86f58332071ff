import Foundation

/// Why a remote CIM solve failed, with a one-line message for the user (the language shows it as a
/// RemoteError). Messages never contain the token.
public struct RemoteCIMError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The client's own settings are unusable (bad URL, precision above the machine's, …).
        case invalidConfiguration
        /// No connection: refused, reset, DNS, server gone mid-job.
        case unreachable
        /// The solve did not finish within the client's timeout (the remote job was cancelled).
        case timeout
        /// 401: missing or wrong token.
        case unauthorized
        /// 413: more spins than the machine has.
        case tooManySpins
        /// 422: a coefficient outside the machine's precision.
        case outOfPrecision
        /// 429 that outlasted the retries.
        case queueFull
        /// 503 that outlasted the retries: the machine is shutting down.
        case unavailable
        /// Another 4xx (400, 404, 409…): the machine did not accept the request.
        case rejected
        /// 5xx.
        case serverError
        /// A reply that is not what the API promises (bad JSON, wrong job, spins that do not match).
        case malformedReply
        /// The machine reports the job failed.
        case jobFailed
        /// The machine cancelled the job (for instance on its shutdown).
        case jobCancelled
    }

    public let kind: Kind
    /// HTTP status of the reply behind the error, when there was one.
    public let status: Int?
    public let message: String

    public init(_ kind: Kind, _ message: String, status: Int? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
    }

    public var description: String { message }

    /// The same error with every occurrence of `secret` masked (belt and braces: no path should put the
    /// token in a message, but a server could echo it back).
    func redacting(_ secret: String?) -> RemoteCIMError {
        // Very short tokens would mask ordinary words; no message is built from the token anyway.
        guard let secret, secret.count >= 6, message.contains(secret) else { return self }
        return RemoteCIMError(kind, message.replacingOccurrences(of: secret, with: "•••"), status: status)
    }
}
