import Dispatch
import IsingCore
import Synchronization

/// Collects progress from a solver's worker threads and forwards it to `SolveControl` at a modest rate
/// (at most every `interval` seconds, plus a final report), with the best energy seen by any worker.
///
/// Workers also call `checkpoint` to poll cancellation, so one call site does both jobs.
final class ProgressMeter: Sendable {
    private struct State {
        var done = 0
        var best = Double.infinity
        var lastReport: UInt64 = 0
    }

    private let control: SolveControl
    private let total: Int
    private let intervalNanoseconds: UInt64
    private let state = Mutex(State())

    /// `total` is the number of work units (sweeps × reads, steps × agents, states …) the solve will do.
    init(control: SolveControl, total: Int, interval: Double = 0.1) {
        self.control = control
        self.total = max(total, 1)
        self.intervalNanoseconds = UInt64(interval * 1e9)
    }

    /// Records `units` more work done and a candidate best energy; throws `SolveCancelled` if cancelled.
    func checkpoint(units: Int, bestEnergy: Double) throws {
        try control.checkCancelled()
        let now = DispatchTime.now().uptimeNanoseconds
        let report: SolveProgress? = state.withLock { s in
            s.done += units
            s.best = min(s.best, bestEnergy)
            guard now &- s.lastReport >= intervalNanoseconds else { return nil }
            s.lastReport = now
            return SolveProgress(fraction: min(1, Double(s.done) / Double(total)),
                                 bestEnergy: s.best.isFinite ? s.best : nil)
        }
        if let report { control.report(report) }
    }

    /// The closing report: everything done, with the final best energy.
    func finish(bestEnergy: Double?) {
        control.report(SolveProgress(fraction: 1, bestEnergy: bestEnergy))
    }
}
