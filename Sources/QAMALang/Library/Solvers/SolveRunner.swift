import Foundation
import IsingCore
import JupyterKernel
import Synchronization

/// Runs a solve (or a sweep) on a worker thread while the execution thread keeps the cell's live progress
/// display current. Every sink call happens on the execution thread, as `OutputSink` asks.
///
/// Reproducibility: whether a progress display appears at all is decided up front from the expected
/// amount of work (`showsProgress`), never from the clock, and when the work ends the display is updated in
/// place to a fixed final line (no timings). So a notebook's saved outputs are the same bytes on every run;
/// only the transient frames in between depend on timing.
struct SolveRunner {
    /// What the live display says: one label ("sa · 32 reads") and the final line once done.
    var label: String
    var showsProgress: Bool
    var output: OutputSink?
    var isInterrupted: @Sendable () -> Bool
    /// Seconds between display updates (at most ~4 a second).
    var refreshInterval = 0.25

    /// A value shared between the worker thread and the execution thread.
    private final class Shared<Content: Sendable>: Sendable {
        let value: Mutex<Content>
        init(_ initial: Content) { value = Mutex(initial) }
    }

    /// Runs `work` with a `SolveControl` wired to the interrupt flag and to the display; returns its result
    /// or rethrows its error (`SolveCancelled` when interrupted). `finalLine` is what the display shows
    /// once the work is done.
    func run<T: Sendable>(_ work: @escaping @Sendable (SolveControl) throws -> T,
                          finalLine: (T) -> String) throws -> T {
        let latest = Shared<SolveProgress?>(nil)
        let control = SolveControl(progress: { p in latest.value.withLock { $0 = p } },
                                   isCancelledExternally: isInterrupted)
        let outcome = Shared<Swift.Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let budget = MemoryBudget.limit.value  // the cell's memory budget holds on the worker too
        let worker = Thread {
            let r = MemoryBudget.limit.withValue(budget) { Swift.Result<T, any Error> { try work(control) } }
            outcome.value.withLock { $0 = r }
            done.signal()
        }
        worker.stackSize = 8 << 20
        worker.start()

        let id = ProgressView.nextDisplayID()
        let started = Date()
        var shown = false
        if showsProgress, let output {
            output.display(ProgressView.bundle(label: label, progress: nil, elapsed: 0), metadata: [:],
                           displayID: id, update: false)
            shown = true
        }
        while done.wait(timeout: .now() + refreshInterval) == .timedOut {
            if isInterrupted() { control.cancel() }
            guard shown, let output else { continue }
            let p = latest.value.withLock { $0 }
            output.display(ProgressView.bundle(label: label, progress: p, elapsed: Date().timeIntervalSince(started)),
                           metadata: [:], displayID: id, update: true)
        }
        let result = outcome.value.withLock { $0 }!
        if shown, let output {
            let line: String
            switch result {
            case .success(let value): line = finalLine(value)
            case .failure(let error): line = label + (error is SolveCancelled ? " · interrupted" : " · failed")
            }
            output.display(ProgressView.finished(line), metadata: [:], displayID: id, update: true)
        }
        return try result.get()
    }
}
