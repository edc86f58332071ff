import IsingCore

/// An error a user can read: its kind (Jupyter's `ename`: ValueError, ShapeError, SolverError, RemoteError …)
/// and a one-line message. Every library error type adopts it (IsingCore's here, the other modules' in
/// Library/Core/UserFacingErrors.swift), so there is exactly one mapping to `LanguageError`:
/// `LanguageError(error)`, applied where a builtin call fails (Evaluator.call) and where a cell ends.
public protocol UserFacingError: Error {
    var languageKind: LanguageError.Kind { get }
    var message: String { get }
}

extension LanguageError: UserFacingError {
    public var languageKind: Kind { kind }

    /// The one boundary: a `UserFacingError` keeps its kind and message; anything else (a bug, an I/O error
    /// nobody wrapped) is a ValueError with its description, never a crash.
    public init(_ error: any Error) {
        switch error {
        case let e as LanguageError: self = e
        case let e as any UserFacingError: self.init(e.languageKind, e.message)
        default: self.init(.value, String(describing: error))
        }
    }
}

extension SolverFailure: UserFacingError {
    public var languageKind: LanguageError.Kind { .solver }
}

extension SolveCancelled: UserFacingError {
    public var languageKind: LanguageError.Kind { .interrupted }
    public var message: String { LanguageError.interrupted().message }
}

extension ExpressionError: UserFacingError {
    public var languageKind: LanguageError.Kind { .value }
}

extension FormatError: UserFacingError {
    public var languageKind: LanguageError.Kind { .value }
}

extension MemoryExceeded: UserFacingError {
    public var languageKind: LanguageError.Kind { .value }
}
