import Synchronization

/// Messages a solver wants the user to see (e.g. the CIM's "quantising costs 1.2%"), collected from the
/// solver's thread and printed on the execution thread after the solve.
final class SolverNotes: Sendable {
    private let pending = Mutex<[String]>([])

    func add(_ note: String) { pending.withLock { $0.append(note) } }

    func drain() -> [String] { pending.withLock { notes in defer { notes = [] }; return notes } }
}
