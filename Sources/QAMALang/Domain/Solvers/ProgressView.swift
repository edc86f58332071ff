import Figures
import IsingCore
import JupyterKernel

/// The bundles of a live progress display: Figures' `ProgressDisplay` while running, one fixed line when done.
enum ProgressView {
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
