import Synchronization

/// One protocol for every solver (SA, SB, exact, the remote CIM): an Ising problem in, samples out.
public protocol Solver: Sendable {
    /// Short name for display ("sa", "sb", "exact", "cim").
    var name: String { get }
    /// Solves `problem`. Must call `control.checkCancelled()` at least every 10 ms of work (it throws
    /// `SolveCancelled`) and should call `control.report` as it goes. Results must depend only on the
    /// problem and the solver's parameters (seed included), never on thread count or timing.
    func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet
}

/// Progress of a running solve: fraction done in [0, 1] and the best energy seen so far.
public struct SolveProgress: Sendable {
    public var fraction: Double
    public var bestEnergy: Double?
    public var message: String

    public init(fraction: Double, bestEnergy: Double? = nil, message: String = "") {
        self.fraction = fraction
        self.bestEnergy = bestEnergy
        self.message = message
    }
}

/// Thrown by `SolveControl.checkCancelled()` once cancellation was requested.
public struct SolveCancelled: Error, Sendable, CustomStringConvertible {
    /// What the solver finished before it was cancelled (e.g. SA's completed reads), when anything.
    public var partial: SampleSet?
    public init(partial: SampleSet? = nil) { self.partial = partial }
    public var description: String { "the solve was cancelled" }
}

/// A solver failure with a message for the user (bad parameters, too many variables, …).
public struct SolverFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Cancellation and progress for one solve, shared between the solver's threads and the caller.
public final class SolveControl: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let externalCancel: (@Sendable () -> Bool)?
    private let onProgress: (@Sendable (SolveProgress) -> Void)?

    /// `isCancelledExternally` lets a caller (the interpreter's interrupt flag) cancel without a handle.
    public init(progress: (@Sendable (SolveProgress) -> Void)? = nil,
                isCancelledExternally: (@Sendable () -> Bool)? = nil) {
        self.onProgress = progress
        self.externalCancel = isCancelledExternally
    }

    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool {
        if cancelled.load(ordering: .relaxed) { return true }
        if let externalCancel, externalCancel() {
            cancelled.store(true, ordering: .relaxed)
            return true
        }
        return false
    }

    public func checkCancelled() throws {
        if isCancelled { throw SolveCancelled() }
    }

    /// Thread-safe; the receiver rate-limits what it shows.
    public func report(_ progress: SolveProgress) { onProgress?(progress) }

    /// A control that never cancels and reports nowhere.
    public static var none: SolveControl { SolveControl() }
}
