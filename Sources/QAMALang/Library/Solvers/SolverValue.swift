import IsingCore
import JupyterKernel

/// The Solver value `sa(...)`, `sb(...)`, `exact()` and `cim(...)` return: a configured solver (seed
/// included, drawn from the session stream when not given, so a notebook reproduces) and how to show it.
struct SolverValue: LibraryValue {
    let solver: any Solver
    /// The settings as shown, in a stable order (e.g. reads, sweeps, beta, schedule, seed, threads).
    let settings: [(String, String)]
    /// A few words for the progress display ("sa · 32 reads").
    let label: String
    /// Rough count of elementary operations a solve of `problem` takes; a solve expected to take more than
    /// about half a second shows a live progress display. `.infinity` for remote machines.
    let work: @Sendable (IsingProblem) -> Double
    /// Where the solver leaves messages for the user (printed after each solve).
    var notes: SolverNotes? = nil
    /// sa()'s `layout:` (nil for every other solver): which form of a QAMA model it anneals (StructuredSolve.swift).
    var layout: SolveLayout? = nil

    var typeName: String { "Solver" }
    var name: String { solver.name }

    var plainText: String {
        "\(solver.name)(" + settings.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ")"
    }

    var memberNames: [String] { ["name"] + settings.map(\.0) }

    func member(_ name: String, session: Session) throws -> Value? {
        if name == "name" { return .string(solver.name) }
        guard let s = settings.first(where: { $0.0 == name }) else { return nil }
        return Double(s.1).map { .number($0) } ?? .string(s.1)
    }

    /// About half a second of single-core work.
    static let progressThreshold = 5e7
}
