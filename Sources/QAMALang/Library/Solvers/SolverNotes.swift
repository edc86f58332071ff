import JupyterKernel
import Synchronization

/// What a solver wants the user to see (e.g. the CIM's "quantising costs 1.2%" and its precision report),
/// collected from the solver's thread and shown on the execution thread after the solve, in order.
final class SolverNotes: Sendable {
    enum Note: Sendable {
        case text(String)
        case display(MimeBundle)
    }

    private let pending = Mutex<[Note]>([])

    func add(_ note: String) { pending.withLock { $0.append(.text(note)) } }

    func add(display bundle: MimeBundle) { pending.withLock { $0.append(.display(bundle)) } }

    func drain() -> [Note] { pending.withLock { notes in defer { notes = [] }; return notes } }

    /// Prints the texts and shows the displays, in the order they came.
    func flush(to session: Session) {
        for note in drain() {
            switch note {
            case .text(let text): session.print(text)
            case .display(let bundle): session.display(bundle)
            }
        }
    }
}
