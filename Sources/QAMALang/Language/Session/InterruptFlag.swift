import Synchronization

/// Set from any thread by `Interpreter.interrupt()`; polled by the evaluator (each loop iteration, each
/// call) and by solvers through `SolveControl(isCancelledExternally:)`. Cleared when a cell starts.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    public func raise() { raised.store(true, ordering: .releasing) }
    public func clear() { raised.store(false, ordering: .releasing) }
    public var isRaised: Bool { raised.load(ordering: .acquiring) }
}
