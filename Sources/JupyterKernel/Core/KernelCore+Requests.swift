/// The shell request handlers that ask the interpreter something.
extension KernelCore {
    var kernelInfo: JSON {
        let info = languageInfo
        return [
            "status": "ok",
            "protocol_version": .string(MessageHeader.protocolVersion),
            "implementation": .string(info.implementation),
            "implementation_version": .string(info.implementationVersion),
            "language_info": [
                "name": .string(info.name), "version": .string(info.version), "mimetype": .string(info.mimetype),
                "file_extension": .string(info.fileExtension), "pygments_lexer": .string(info.pygmentsLexer),
                "codemirror_mode": .string(info.codemirrorMode), "nbconvert_exporter": "script",
                // Front ends copy language_info into the notebook's metadata as it is, so a saved notebook
                // records the kernel that produced it next to the language version.
                "kernel_version": .string(info.implementationVersion),
            ],
            "banner": .string(info.banner),
            "help_links": .array(info.helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
            // Optional features (JEP 92) this kernel implements beyond the core protocol.
            "supported_features": ["iopub_welcome"],
        ]
    }

    /// Runs one cell; after an error with stop_on_error, the arrival cut-off for aborting queued cells.
    func execute(_ request: Message) -> Int? {
        let content = request.content
        let code = content["code"]?.stringValue ?? ""
        let silent = content["silent"]?.boolValue ?? false
        let storeHistory = silent ? false : (content["store_history"]?.boolValue ?? true)
        let allowStdin = content["allow_stdin"]?.boolValue ?? true
        let stopOnError = content["stop_on_error"]?.boolValue ?? true
        let userExpressions = (content["user_expressions"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        if storeHistory { executionCount += 1 }
        let count = executionCount
        // Running before execute_input is published: a client that interrupts as soon as it sees
        // execute_input must reach this cell, not be ignored as an interrupt between cells.
        interpreter.resetInterrupt()
        setExecuting(true)
        if !silent { publish("execute_input", ["code": .string(code), "execution_count": .int(count)], parent: request) }

        let output = CellOutput(core: self, parent: request, allowStdin: allowStdin)
        let started = Timestamp.now()
        let outcome = interpreter.execute(
            ExecutionRequest(code: code, executionCount: count, silent: silent, storeHistory: storeHistory,
                             allowStdin: allowStdin, userExpressions: userExpressions,
                             frontEndUpdatesDisplays: !terminalSessions.contains(request.session)),
            output: output)
        setExecuting(false)
        output.finish()

        if storeHistory { history.record(line: count, input: code, output: outcome.result?["text/plain"]) }
        let expressions = JSON.object(outcome.userExpressions.mapValues(Self.userExpressionJSON))
        if let error = outcome.error {
            let cutoff = queue.receivedCount  // taken before the client can see the error
            let errorContent: [String: JSON] = [
                "ename": .string(error.name), "evalue": .string(error.value),
                "traceback": .array(error.traceback.map { .string($0) }),
            ]
            publish("error", .object(errorContent), parent: request)
            var replyContent = errorContent
            replyContent["status"] = "error"
            replyContent["execution_count"] = .int(count)
            replyContent["user_expressions"] = expressions
            replyContent["payload"] = []
            reply(to: request, on: .shell, "execute_reply", .object(replyContent),
                  metadata: ["status": "error", "started": .string(started)])
            return stopOnError ? cutoff : nil
        }
        if let result = outcome.result, !silent {
            publish("execute_result", ["execution_count": .int(count), "data": JSON(mimeBundle: result),
                                       "metadata": JSON(outcome.resultMetadata)], parent: request)
        }
        let payloads: [JSON] = outcome.payloads.map { payload in
            switch payload {
            case .page(let bundle): return ["source": "page", "data": JSON(bundle), "start": 0]
            }
        }
        reply(to: request, on: .shell, "execute_reply",
              ["status": "ok", "execution_count": .int(count), "user_expressions": expressions, "payload": .array(payloads)],
              metadata: ["status": "ok", "started": .string(started)])
        return nil
    }

    static func userExpressionJSON(_ result: UserExpressionResult) -> JSON {
        switch result {
        case .ok(let bundle): return ["status": "ok", "data": JSON(mimeBundle: bundle), "metadata": .emptyObject]
        case .error(let e):
            return ["status": "error", "ename": .string(e.name), "evalue": .string(e.value),
                    "traceback": .array(e.traceback.map { .string($0) })]
        }
    }

    func isComplete(_ request: Message) {
        terminalSessions.insert(request.session)
        let status = interpreter.isComplete(code: request.content["code"]?.stringValue ?? "")
        let content: JSON
        switch status {
        case .complete: content = ["status": "complete"]
        case .incomplete(let indent): content = ["status": "incomplete", "indent": .string(indent)]
        case .invalid: content = ["status": "invalid"]
        case .unknown: content = ["status": "unknown"]
        }
        reply(to: request, on: .shell, "is_complete_reply", content)
    }

    /// The cursor as Unicode scalar offset; missing or out of range means the end of the code.
    static func cursor(_ request: Message, code: String) -> Int {
        let length = code.unicodeScalars.count
        guard let position = request.content["cursor_pos"]?.intValue, (0...length).contains(position) else { return length }
        return position
    }

    func complete(_ request: Message) {
        let code = request.content["code"]?.stringValue ?? ""
        let result = interpreter.complete(code: code, cursorPosition: Self.cursor(request, code: code))
        let types: [JSON] = result.types.map {
            ["start": .int(result.cursorStart), "end": .int(result.cursorEnd), "text": .string($0.text),
             "type": .string($0.type), "signature": .string($0.signature)]
        }
        reply(to: request, on: .shell, "complete_reply", [
            "status": "ok", "matches": .array(result.matches.map { .string($0) }),
            "cursor_start": .int(result.cursorStart), "cursor_end": .int(result.cursorEnd),
            "metadata": types.isEmpty ? .emptyObject : ["_jupyter_types_experimental": .array(types)],
        ])
    }

    func inspect(_ request: Message) {
        let code = request.content["code"]?.stringValue ?? ""
        let detail = request.content["detail_level"]?.intValue ?? 0
        let data = interpreter.inspect(code: code, cursorPosition: Self.cursor(request, code: code), detailLevel: detail == 1 ? 1 : 0)
        reply(to: request, on: .shell, "inspect_reply", [
            "status": "ok", "found": .bool(data != nil), "data": JSON(data ?? [:]), "metadata": .emptyObject,
        ])
    }

    func historyReply(_ request: Message) {
        let content = request.content
        let withOutput = content["output"]?.boolValue ?? false
        let entries: [History.Entry]
        switch content["hist_access_type"]?.stringValue ?? "tail" {
        case "range":
            entries = history.range(session: content["session"]?.intValue ?? 0, start: content["start"]?.intValue ?? 1,
                                    stop: content["stop"]?.intValue)
        case "search":
            entries = history.search(pattern: content["pattern"]?.stringValue ?? "*", n: content["n"]?.intValue,
                                     unique: content["unique"]?.boolValue ?? false)
        default:
            entries = history.tail(content["n"]?.intValue ?? 10)
        }
        let rows: [JSON] = entries.map { entry in
            let input = JSON.string(entry.input)
            let value: JSON = withOutput ? [input, entry.output.map { .string($0) } ?? .null] : input
            return [.int(History.session), .int(entry.line), value]
        }
        reply(to: request, on: .shell, "history_reply", ["status": "ok", "history": .array(rows)])
    }
}
