import Foundation
import IsingCore
import JupyterKernel

/// The state of one kernel (or one `qama run`): everything a cell can see or change.
///
/// Threading: used only from the execution thread, except `interruption`, which any thread may raise.
///
/// For builtins (core and library):
/// - `bindings` — names bound by let/var/param/func; `paramValues` — every param's current value, what a
///   solve applies to a compiled model (`model.isingProblem(params: session.paramValues)`).
/// - `registry` — the session's decision variables (IsingCore `VariableRegistry`).
/// - `random` — the one seeded generator; `seed(n)` resets it. Every random draw (tensors, default solver
///   seeds via `nextSeed()`, landscapes) comes from here, so a notebook reproduces byte for byte.
/// - `output` — the cell's `OutputSink`: `print`/`eprint`/`show`/`clear`/`input` below, and progress
///   displays (`output.display(_, metadata:, displayID:, update:)`).
/// - `checkInterrupted()` / `cancellationCheck` — poll the interrupt; hand `cancellationCheck` to
///   `SolveControl(isCancelledExternally:)`.
/// - `nextFigureNumber()` — 1, 2, 3, … per session (figure ids, `figure-001.svg` in `qama run`).
/// - `environment` — what `env("NAME")` reads.
/// - `mode` — `.notebook` (Jupyter) or `.script` (`qama run`): e.g. `help` pages vs prints.
public final class Session {
    public enum Mode: Sendable { case notebook, script }

    public internal(set) var bindings = Bindings()
    public let registry = VariableRegistry()
    public var random = SeededRandom(seed: 0)
    public internal(set) var output: OutputSink
    public let interruption = InterruptFlag()
    public var environment: [String: String]
    public let mode: Mode
    /// Whether `input()` may ask (Jupyter's `allow_stdin` for the running cell).
    public internal(set) var allowStdin = true
    /// Pager payloads collected while a cell runs (`help` in Jupyter).
    public internal(set) var payloads: [ExecutionPayload] = []
    public private(set) var figureCount = 0
    /// Set by a builtin that was interrupted but kept something (an interrupted solve's best sample so far):
    /// the interrupt message tells the user where to find it. Cleared when a cell starts.
    public var interruptNote: String? = nil
    /// What library code keeps between cells (caches, the widget hub), by typed key (SessionStore.swift).
    public let store = SessionStore()
    /// Whether sums and `for` nests run as compiled kernels (Language/Compiled) where they can. Off, every
    /// node is evaluated one by one, as before kernels: the tests compare the two, the benchmark times both.
    public var compilesKernels = true
    /// Bodies and statements the kernels ran, and those they handed back to the evaluator (a bail), since
    /// the session began: how a test sees that the kernels did the work.
    public internal(set) var kernelRuns = (compiled: 0, bailed: 0)
    /// True while an `interact` view draws: a view that opened controls would open them again on every
    /// redraw (and, calling itself through `interact`, without end), so `interact` refuses to run inside one.
    var drawsInteractView = false

    public init(output: OutputSink, mode: Mode = .notebook,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.output = output
        self.mode = mode
        self.environment = environment
    }

    public var paramValues: [String: Double] { bindings.paramValues }

    // MARK: randomness

    /// `seed(n)`: every draw after this is fixed by n.
    public func seed(_ n: UInt64) { random = SeededRandom(seed: n) }

    /// A fresh seed for a solver or sampler that was not given one, drawn from the session stream.
    public func nextSeed() -> UInt64 { random.next() }

    // MARK: interrupt

    public var isInterrupted: Bool { interruption.isRaised }

    /// Throws `Interrupted` when an interrupt is pending.
    public func checkInterrupted() throws {
        if interruption.isRaised { throw LanguageError.interrupted() }
    }

    /// For `SolveControl(isCancelledExternally:)`.
    public var cancellationCheck: @Sendable () -> Bool {
        let flag = interruption
        return { flag.isRaised }
    }

    // MARK: output

    public func print(_ text: String) { output.stream("stdout", text + "\n") }
    public func eprint(_ text: String) { output.stream("stderr", text + "\n") }

    /// `display_data` of a value now (mid-cell).
    public func show(_ value: Value) { display(DisplayForm.bundle(value, session: self)) }

    /// `display_data` of a ready bundle.
    public func display(_ bundle: MimeBundle) { output.display(bundle, metadata: [:], displayID: nil, update: false) }

    public func clear(wait: Bool = false) { output.clearOutput(wait: wait) }

    public func input(_ prompt: String, password: Bool = false) throws -> String {
        guard allowStdin else { throw LanguageError.value("input() is not available: this frontend does not allow stdin") }
        do {
            return try output.input(prompt: prompt, password: password)
        } catch let e as LanguageError {
            throw e
        } catch {
            if isInterrupted { throw LanguageError.interrupted() }
            throw LanguageError.value("input() failed: \(error)")
        }
    }

    /// 1, 2, 3, … for each figure made in this session.
    public func nextFigureNumber() -> Int {
        figureCount += 1
        return figureCount
    }

    func addPayload(_ p: ExecutionPayload) { payloads.append(p) }
    func beginCell(output: OutputSink, allowStdin: Bool) {
        self.output = output
        self.allowStdin = allowStdin
        payloads = []
        interruptNote = nil
    }
}
