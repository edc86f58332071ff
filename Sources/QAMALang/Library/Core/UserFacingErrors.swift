import Figures
import QAMA
import RemoteCIM

// The user-facing kind of each library module's errors (IsingCore's are in Language/Values/UserFacingError.swift).

/// A CIM failure is a RemoteError wherever it is raised (solve, sweep, tts, precision).
extension RemoteCIMError: UserFacingError {
    public var languageKind: LanguageError.Kind { .remote }
}

extension QAMAError: UserFacingError {
    public var languageKind: LanguageError.Kind { kind == .shape ? .shape : .value }
}

extension FigureError: UserFacingError {
    public var languageKind: LanguageError.Kind { .value }
}
