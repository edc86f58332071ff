import Figures
import IsingCore
import JupyterKernel
import Synchronization

/// The bundles of a live progress display: Figures' `ProgressDisplay` while running, one fixed line when done.
enum ProgressView {
    private static let counter = Atomic<Int>(0)

    /// A display id no other display of this process uses (ids are transient: never saved in a notebook).
    static func nextDisplayID() -> String { "qama-progress-\(counter.add(1, ordering: .relaxed).newValue)" }

    static func bundle(label: String, progress: SolveProgress?, elapsed: Double) -> MimeBundle {
        let display = ProgressDisplay(fraction: progress?.fraction ?? 0, bestEnergy: progress?.bestEnergy,
                                      elapsed: elapsed, label: label)
        return ["text/plain": display.plain, "text/html": display.html]
    }

    /// The display's final state: no timings, so a saved notebook is the same bytes on every run.
    static func finished(_ line: String) -> MimeBundle {
        ["text/plain": line,
         "text/html": "<div style=\"font-family:monospace;font-size:12px;opacity:0.7\">" + HTML.escape(line) + "</div>"]
    }
}
