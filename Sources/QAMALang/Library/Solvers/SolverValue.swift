import IsingCore
import JupyterKernel

/// The Solver value `sa(...)`, `sb(...)`, `exact()` and `cim(...)` return: a configured solver (seed
/// included, drawn from the session stream when not given, so a notebook reproduces) and how to show it.
struct SolverValue: LibraryValue {
    let solver: any Solver
    /// Name, labels and typed settings, made by the solver's builtin.
    let description: SolverDescription
    /// Rough count of elementary operations a solve of `problem` takes; a solve expected to take more than
    /// about half a second shows a live progress display. `.infinity` for remote machines.
    let work: @Sendable (IsingProblem) -> Double
    /// Where the solver leaves messages for the user (printed after each solve).
    var notes: SolverNotes? = nil
    /// sa()'s `layout:` (nil for every other solver): which form of a QAMA model it anneals (StructuredSolve.swift).
    var layout: SolveLayout? = nil

    var typeName: String { "Solver" }
    var name: String { description.name }
    /// A few words for the progress display ("sa · 32 reads").
    var label: String { description.label }

    var plainText: String { description.shown() }

    var memberNames: [String] { ["name"] + description.settings.map(\.name) }

    func member(_ name: String, session: Session) throws -> Value? {
        if name == "name" { return .string(description.name) }
        return description.settings[name: name]?.languageValue
    }

    /// About half a second of single-core work.
    static let progressThreshold = 5e7
}
