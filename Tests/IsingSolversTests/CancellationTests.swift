import Dispatch
import Foundation
import IsingCore
import IsingSolvers
import Synchronization
import Testing

/// Cancellation: every solver polls `SolveControl` often, so a cancelled solve ends with `SolveCancelled`.
@Suite("Cancellation")
struct CancellationTests {
    static let solvers: [any Solver] = [
        SimulatedAnnealing(reads: 4, sweeps: 100_000_000, seed: 1, threads: 2),
        SimulatedBifurcation(agents: 64, steps: 100_000_000, seed: 1, threads: 2),
        ExactSolver(threads: 2),
    ]

    @Test("a solve cancelled by an external flag stops with SolveCancelled", arguments: 0..<3)
    func externalFlag(index: Int) {
        // The flag turns true on the solver's third poll: no timing involved.
        let polls = Atomic<Int>(0)
        let control = SolveControl(isCancelledExternally: { polls.add(1, ordering: .relaxed).newValue >= 3 })
        #expect(throws: SolveCancelled.self) {
            try Self.solvers[index].solve(TestModels.random(n: 28, density: 0.3, seed: 1), control: control)
        }
    }

    @Test("cancel() during a long solve returns promptly", arguments: 0..<3)
    func cancelDuringSolve(index: Int) throws {
        let control = SolveControl()
        let finished = DispatchSemaphore(value: 0)
        let outcome = Mutex<(any Error)?>(nil)
        let returnedAt = Atomic<UInt64>(0)
        let solver = Self.solvers[index]
        let problem = TestModels.random(n: 28, density: 0.3, seed: 2)
        Thread.detachNewThread {
            do { _ = try solver.solve(problem, control: control) } catch { outcome.withLock { $0 = error } }
            returnedAt.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
            finished.signal()
        }
        Thread.sleep(forTimeInterval: 0.02)
        let cancelledAt = DispatchTime.now().uptimeNanoseconds
        control.cancel()
        // A generous correctness bound (polls are every few ms of work); the wait itself never hangs the suite.
        let waited = finished.wait(timeout: .now() + 10)
        try #require(waited == .success)
        #expect(outcome.withLock { $0 } is SolveCancelled)
        #expect(Double(returnedAt.load(ordering: .relaxed) &- cancelledAt) / 1e9 < 0.5)
    }
}
