// The seam between the kernel core and a language (xeus' `xinterpreter`). The core knows messages;
// an Interpreter knows code. Nothing in this file mentions ZeroMQ or JSON frames.

/// A MIME bundle: mime type → rendered text (`text/plain`, `text/html`, `image/svg+xml`, …).
public typealias MimeBundle = [String: String]

/// What the kernel core hands the interpreter for one `execute_request`.
public struct ExecutionRequest: Sendable {
    public var code: String
    public var executionCount: Int
    public var silent: Bool
    public var storeHistory: Bool
    public var allowStdin: Bool
    public var userExpressions: [String: String]
    /// Whether the front end that sent the request redraws a display in place on `update_display_data`.
    /// Terminal front ends (jupyter console, qtconsole) print each display once and ignore updates; the
    /// kernel core tells them apart by their `is_complete_request`s, which only they send.
    public var frontEndUpdatesDisplays: Bool

    public init(code: String, executionCount: Int, silent: Bool = false, storeHistory: Bool = true,
                allowStdin: Bool = true, userExpressions: [String: String] = [:], frontEndUpdatesDisplays: Bool = true) {
        self.code = code
        self.executionCount = executionCount
        self.silent = silent
        self.storeHistory = storeHistory
        self.allowStdin = allowStdin
        self.userExpressions = userExpressions
        self.frontEndUpdatesDisplays = frontEndUpdatesDisplays
    }
}

/// An error as Jupyter shows it: `ename`, `evalue`, traceback lines.
public struct ExecutionError: Error, Sendable, Equatable {
    public var name: String
    public var value: String
    public var traceback: [String]

    public init(name: String, value: String, traceback: [String]) {
        self.name = name
        self.value = value
        self.traceback = traceback
    }
}

/// Payloads of an `execute_reply` (the pager is the one we use: `help(name)`).
public enum ExecutionPayload: Sendable, Equatable {
    /// `{"source": "page", "data": bundle, "start": 0}`
    case page(MimeBundle)
}

/// The result of one user expression (`user_expressions` in execute_request).
public enum UserExpressionResult: Sendable, Equatable {
    case ok(MimeBundle)
    case error(ExecutionError)
}

/// What an execution produced besides what went through the sink while it ran.
public struct ExecutionOutcome: Sendable {
    /// `execute_result` data of the cell's last expression, if any (nil for statements or a trailing `;`).
    public var result: MimeBundle?
    public var resultMetadata: [String: String]
    /// Set when the cell failed; the core publishes an `error` message and replies `status: error`.
    public var error: ExecutionError?
    public var payloads: [ExecutionPayload]
    public var userExpressions: [String: UserExpressionResult]

    public init(result: MimeBundle? = nil, resultMetadata: [String: String] = [:], error: ExecutionError? = nil,
                payloads: [ExecutionPayload] = [], userExpressions: [String: UserExpressionResult] = [:]) {
        self.result = result
        self.resultMetadata = resultMetadata
        self.error = error
        self.payloads = payloads
        self.userExpressions = userExpressions
    }
}

/// Where a running cell sends output. Calls come from the execution thread; the kernel core
/// serialises them onto iopub (and stdin for `input`).
public protocol OutputSink: AnyObject, Sendable {
    /// `stream` on iopub; `name` is "stdout" or "stderr". The core batches fast output.
    func stream(_ name: String, _ text: String)
    /// `display_data`, or `update_display_data` when `update` is true. `displayID` goes in `transient`.
    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool)
    /// `clear_output`.
    func clearOutput(wait: Bool)
    /// `input_request` on stdin; returns the user's reply. Throws when stdin is not allowed or the
    /// request was interrupted.
    func input(prompt: String, password: Bool) throws -> String
    /// `comm_open` / `comm_msg` / `comm_close` on iopub (see Comms/Comm.swift). Sinks that reach no front
    /// end (scripts, tests) ignore it.
    func comm(_ message: CommOutgoing)
}

extension OutputSink {
    public func comm(_ message: CommOutgoing) {}
}

/// Completion reply (`matches`, `cursor_start`, `cursor_end` in Unicode scalar offsets).
public struct CompletionResult: Sendable, Equatable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int
    /// Optional `_jupyter_types_experimental` entries: (text, type, signature).
    public var types: [(text: String, type: String, signature: String)] = []

    public init(matches: [String], cursorStart: Int, cursorEnd: Int,
                types: [(text: String, type: String, signature: String)] = []) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.types = types
    }

    /// Every field, the type entries included (tuples are not Equatable, so this cannot be synthesised).
    public static func == (a: Self, b: Self) -> Bool {
        a.matches == b.matches && a.cursorStart == b.cursorStart && a.cursorEnd == b.cursorEnd
            && a.types.map(\.text) == b.types.map(\.text) && a.types.map(\.type) == b.types.map(\.type)
            && a.types.map(\.signature) == b.types.map(\.signature)
    }
}

/// `is_complete_reply` status.
public enum CompletenessStatus: Sendable, Equatable {
    case complete
    case incomplete(indent: String)
    case invalid
    case unknown
}

/// Static facts for `kernel_info_reply` that belong to the language.
public struct LanguageInfo: Sendable, Equatable {
    public var name: String
    public var version: String
    public var mimetype: String
    public var fileExtension: String
    public var pygmentsLexer: String
    public var codemirrorMode: String
    public var implementation: String
    public var implementationVersion: String
    public var banner: String
    public var helpLinks: [(text: String, url: String)]

    public init(name: String, version: String, mimetype: String, fileExtension: String, pygmentsLexer: String,
                codemirrorMode: String, implementation: String, implementationVersion: String, banner: String,
                helpLinks: [(text: String, url: String)] = []) {
        self.name = name
        self.version = version
        self.mimetype = mimetype
        self.fileExtension = fileExtension
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.banner = banner
        self.helpLinks = helpLinks
    }

    /// Every field, the help links included (tuples are not Equatable, so this cannot be synthesised).
    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.version == b.version && a.mimetype == b.mimetype && a.fileExtension == b.fileExtension
            && a.pygmentsLexer == b.pygmentsLexer && a.codemirrorMode == b.codemirrorMode
            && a.implementation == b.implementation && a.implementationVersion == b.implementationVersion
            && a.banner == b.banner && a.helpLinks.map(\.text) == b.helpLinks.map(\.text)
            && a.helpLinks.map(\.url) == b.helpLinks.map(\.url)
    }
}

/// A language the kernel can run. One instance lives for the kernel's life and keeps the session state.
///
/// Threading: `execute` (which also evaluates a request's user expressions), `complete`, `inspect`,
/// `isComplete`, `resetInterrupt`, `commReceived` and `commsSettled` are called from the one execution
/// thread, never concurrently. `interrupt()` is called from any other thread
/// (signal handler thread, control thread) while `execute` runs, and must make that `execute` return
/// soon (within 100 ms) with an `Interrupted` error while keeping every binding made before it.
///
/// The kernel calls `resetInterrupt()` before a cell is marked running, so an interrupt that arrives
/// after `execute_input` but before the interpreter's first check is still honoured. `execute` must
/// therefore never clear a pending interrupt itself.
public protocol Interpreter: AnyObject {
    var languageInfo: LanguageInfo { get }
    func execute(_ request: ExecutionRequest, output: OutputSink) -> ExecutionOutcome
    func complete(code: String, cursorPosition: Int) -> CompletionResult
    /// `inspect_reply` data (nil → `found: false`). `detailLevel` is 0 or 1.
    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> MimeBundle?
    func isComplete(code: String) -> CompletenessStatus
    /// Thread-safe; may be called while `execute` runs.
    func interrupt()
    /// Forgets an earlier interrupt; called on the execution thread just before each cell starts.
    func resetInterrupt()

    // Comms. A front end's comm messages are shell requests: they run on the execution thread, in order
    // with cells, so a slider moved during a long cell is handled after it (as ipykernel does). When the
    // core takes a comm message off the queue it also takes every comm message queued right behind it,
    // hands each to `commReceived` (cheap: record state, echo), and then calls `commsSettled` once, where
    // deferred work (a re-solve and re-draw) runs on the latest state only: moves that arrive while a
    // re-solve runs coalesce. `interrupt()` may be called while `commsSettled` runs.

    /// The comm targets a front end may open (`comm_open` to any other is closed straight back).
    var commTargets: [String] { get }
    /// One comm message from a front end; `output` publishes with that message as parent.
    func commReceived(_ event: CommEvent, output: OutputSink)
    /// Called after the comm messages queued together were all received; `output`'s parent is the last.
    func commsSettled(output: OutputSink)
}

extension Interpreter {
    public var commTargets: [String] { [] }
    public func commReceived(_ event: CommEvent, output: OutputSink) {}
    public func commsSettled(output: OutputSink) {}
}
