import IsingCore
import QAMA
import RemoteCIM

/// How errors from the libraries reach the user: each becomes a `LanguageError` of the right kind.
enum LibraryErrors {
    static func language(_ error: any Error) -> LanguageError {
        switch error {
        case let e as LanguageError: return e
        case is SolveCancelled: return .interrupted()
        case let e as SolverFailure: return .solver(e.message)
        case let e as RemoteCIMError: return .remote(e.message)
        case let e as ExpressionError: return .value(e.message)
        case let e as FormatError: return .value(e.message)
        case let e as QAMAError: return e.kind == .shape ? .shape(e.message) : .value(e.message)
        default: return .value(String(describing: error))
        }
    }
}
