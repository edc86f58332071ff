import IsingCore

/// Errors from the libraries become language errors: a cancelled solve is `Interrupted`, a solver's failure
/// a `SolverError`, IsingCore's expression errors `ValueError`s; anything else a `ValueError` with its text.
/// (Library code throws `LanguageError` directly, e.g. `.remote(...)` for the CIM.)
public enum ErrorMapping {
    public static func languageError(_ error: any Error) -> LanguageError {
        switch error {
        case let e as LanguageError: return e
        case is SolveCancelled: return .interrupted()
        case let e as SolverFailure: return .solver(e.message)
        case let e as ExpressionError: return Symbolic.languageError(e)
        default: return .value(String(describing: error))
        }
    }
}
