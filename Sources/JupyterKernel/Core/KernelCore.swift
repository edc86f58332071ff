import Foundation

/// The protocol core: routes each incoming message to its handler, brackets shell and control requests
/// with busy/idle, keeps the execution counter and history, aborts queued cells after an error, and
/// serves control (interrupt, shutdown) while a cell runs. Knows messages, not sockets or languages.
///
/// Threads: shell requests run on the thread that calls `run()` (the execution thread); control
/// requests run on the transport's control thread; stdin replies wake the execution thread.
public final class KernelCore: @unchecked Sendable {
    let interpreter: any Interpreter
    let transport: any KernelTransport
    let log: @Sendable (String) -> Void
    let languageInfo: LanguageInfo
    let session = UUID().uuidString.lowercased()

    let queue = ShellQueue()
    let inputWaiter = InputWaiter()
    let comms = CommRegistry()
    let usage = UsageReport()
    var history = History()  // execution thread only
    var executionCount = 0  // execution thread only
    /// Client sessions that asked `is_complete_request`: terminal front ends, which cannot update a display
    /// in place (membership only; never iterated). Execution thread only.
    var terminalSessions = Set<String>()

    private let stateLock = NSLock()
    private var executing = false
    private var shutdown: (restart: Bool, done: Bool) = (false, false)

    public init(interpreter: any Interpreter, transport: any KernelTransport,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.interpreter = interpreter
        self.transport = transport
        self.log = log
        self.languageInfo = interpreter.languageInfo
    }

    /// Starts the transport; incoming messages flow from here on.
    public func start() throws {
        try transport.start(deliver: { [weak self] message, channel in self?.deliver(message, on: channel) },
                            subscribed: { [weak self] topic in self?.welcome(topic) })
        publish("status", ["execution_state": "starting"], parent: nil)
    }

    /// Serves shell requests on the calling thread until a shutdown; returns whether a restart was asked.
    @discardableResult
    public func run() -> Bool {
        while let request = queue.pop() {
            if Self.isComm(request) {
                handleComms(startingWith: request)
                continue
            }
            if let cutoff = handleShell(request) { abortQueuedExecutions(receivedBefore: cutoff) }
        }
        stateLock.lock()
        defer { stateLock.unlock() }
        return shutdown.restart
    }

    /// Interrupts the running cell (SIGINT, interrupt_request). Does nothing between cells, so a stale
    /// interrupt can never cancel the next cell.
    public func interrupt() {
        stateLock.lock()
        let running = executing
        stateLock.unlock()
        if running { interpreter.interrupt() }
        inputWaiter.cancel()
    }

    /// Ends `run()` after the current request (shutdown_request, parent death).
    public func requestShutdown(restart: Bool) {
        stateLock.lock()
        shutdown = (restart, true)
        stateLock.unlock()
        interrupt()
        queue.close()
    }

    func setExecuting(_ value: Bool) {
        stateLock.lock()
        executing = value
        stateLock.unlock()
    }

    // MARK: Routing

    func deliver(_ message: Message, on channel: Channel) {
        switch channel {
        case .shell: queue.push(message)
        case .control: handleControl(message)
        case .stdin:
            if message.msgType == "input_reply" { inputWaiter.deliver(message) } else {
                log("ignored \(message.msgType) on stdin")
            }
        case .iopub: break
        }
    }

    /// Handles one shell request; after an error with stop_on_error, returns the queue's arrival count
    /// at the moment the error was reported: the requests received before it are to be aborted.
    func handleShell(_ request: Message) -> Int? {
        publish("status", ["execution_state": "busy"], parent: request)
        defer { publish("status", ["execution_state": "idle"], parent: request) }
        switch request.msgType {
        case "execute_request": return execute(request)
        case "kernel_info_request": reply(to: request, on: .shell, "kernel_info_reply", kernelInfo)
        case "is_complete_request": isComplete(request)
        case "complete_request": complete(request)
        case "inspect_request": inspect(request)
        case "history_request": historyReply(request)
        case "comm_info_request":
            reply(to: request, on: .shell, "comm_info_reply",
                  ["status": "ok", "comms": comms.info(targetName: request.content["target_name"]?.stringValue)])
        case "shutdown_request": shutdownRequest(request, on: .shell)
        default: log("unknown message type on shell: '\(request.msgType)'")
        }
        return nil
    }

    func handleControl(_ request: Message) {
        publish("status", ["execution_state": "busy"], parent: request)
        defer { publish("status", ["execution_state": "idle"], parent: request) }
        switch request.msgType {
        case "interrupt_request":
            interrupt()
            reply(to: request, on: .control, "interrupt_reply", ["status": "ok"])
        case "shutdown_request": shutdownRequest(request, on: .control)
        case "kernel_info_request": reply(to: request, on: .control, "kernel_info_reply", kernelInfo)
        case "usage_request": reply(to: request, on: .control, "usage_reply", usage.content())
        default:
            log("unsupported message type on control: '\(request.msgType)'")
            if request.msgType.hasSuffix("_request") {
                let replyType = String(request.msgType.dropLast("_request".count)) + "_reply"
                reply(to: request, on: .control, replyType, [
                    "status": "error", "ename": "UnsupportedRequest",
                    "evalue": .string("\(request.msgType) is not supported by this kernel"), "traceback": [],
                ])
            }
        }
    }

    /// After an error with stop_on_error: every execute_request received before the error was reported is
    /// answered "aborted", as ipykernel does; later ones (sent after the client saw the error) and other
    /// requests keep their place in the queue.
    func abortQueuedExecutions(receivedBefore cutoff: Int) {
        for request in queue.remove(receivedBefore: cutoff, where: { $0.msgType == "execute_request" }) {
            publish("status", ["execution_state": "busy"], parent: request)
            reply(to: request, on: .shell, "execute_reply", ["status": "aborted"], metadata: ["status": "aborted"])
            publish("status", ["execution_state": "idle"], parent: request)
        }
    }

    func shutdownRequest(_ request: Message, on channel: Channel) {
        let restart = request.content["restart"]?.boolValue ?? false
        let content: JSON = ["status": "ok", "restart": .bool(restart)]
        reply(to: request, on: channel, "shutdown_reply", content)
        publish("shutdown_reply", content, parent: request)
        requestShutdown(restart: restart)
    }

    // MARK: Sending

    func reply(to request: Message, on channel: Channel, _ msgType: String, _ content: JSON, metadata: JSON = .emptyObject) {
        transport.send(Message(identities: request.identities,
                               header: MessageHeader.make(msgType: msgType, session: session),
                               parentHeader: request.header, metadata: metadata, content: content), on: channel)
    }

    /// Publishes on iopub; `parent` nil for messages no request caused (status "starting"). The topic is
    /// `kernel.<session>.<msg_type>` as ipykernel's, unless given.
    func publish(_ msgType: String, _ content: JSON, parent: Message?, metadata: JSON = .emptyObject,
                 buffers: [[UInt8]] = [], topic: [UInt8]? = nil) {
        transport.send(Message(identities: [topic ?? Array("kernel.\(session).\(msgType)".utf8)],
                               header: MessageHeader.make(msgType: msgType, session: session),
                               parentHeader: parent?.header ?? .emptyObject, metadata: metadata, content: content,
                               buffers: buffers), on: .iopub)
    }

    /// Protocol 5.5: a client that subscribes to iopub is told its subscription is live with an
    /// `iopub_welcome` on the topic it subscribed to, so it knows from when on it misses nothing.
    func welcome(_ topic: [UInt8]) {
        let subscription = String(decoding: topic, as: UTF8.self)
        publish("iopub_welcome", ["subscription": .string(subscription)], parent: nil, topic: topic.isEmpty ? nil : topic)
    }

    /// Sends input_request on stdin to the client that sent `parent` and waits for its reply.
    func requestInput(prompt: String, password: Bool, parent: Message) throws -> String {
        let header = MessageHeader.make(msgType: "input_request", session: session)
        inputWaiter.begin(requestID: header["msg_id"]?.stringValue ?? "")
        transport.send(Message(identities: parent.identities, header: header, parentHeader: parent.header,
                               content: ["prompt": .string(prompt), "password": .bool(password)]), on: .stdin)
        do {
            return try inputWaiter.wait()
        } catch {
            throw ExecutionError(name: "Interrupted", value: "interrupted while waiting for input", traceback: [])
        }
    }
}
