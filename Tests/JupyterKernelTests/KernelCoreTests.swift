import Foundation
import JupyterKernel
import Testing

@Suite("Kernel core over the in-memory transport")
struct KernelCoreTests {
    @Test func kernelInfoStatesProtocolAndLanguage() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("kernel_info_request")
        let reply = try #require(k.first(.shell, of: "kernel_info_reply", parent: request))
        #expect(reply.content["protocol_version"] == "5.5")
        #expect(reply.content["language_info"]?["name"] == "scripted")
        #expect(reply.content["language_info"]?["file_extension"] == ".scr")
        #expect(reply.identities == [Array("client".utf8)])
    }

    @Test func everyRequestIsBracketedByBusyAndIdle() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("kernel_info_request")
        #expect(k.waitIdle(request))
        let states = k.iopub(for: request).filter { $0.msgType == "status" }.map { $0.content["execution_state"] }
        #expect(states == ["busy", "idle"])
    }

    @Test func executePublishesInputStreamsResultAndReplies() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("execute_request", ["code": "print a\nprint b\neprint c\nresult 42"])
        let reply = try #require(k.first(.shell, of: "execute_reply", parent: request))
        #expect(reply.content["status"] == "ok" && reply.content["execution_count"] == 1)
        #expect(k.waitIdle(request))
        let types = k.iopub(for: request).map(\.msgType)
        #expect(types == ["status", "execute_input", "stream", "stream", "execute_result", "status"])
        let streams = k.iopub(for: request).filter { $0.msgType == "stream" }
        #expect(streams[0].content["text"] == "a\nb\n" && streams[0].content["name"] == "stdout")  // batched
        #expect(streams[1].content["text"] == "c\n" && streams[1].content["name"] == "stderr")
        #expect(k.iopub(for: request).first { $0.msgType == "execute_result" }?.content["data"]?["text/plain"] == "42")
    }

    @Test func silentExecutionNeitherCountsNorShowsInputOrResult() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("execute_request", ["code": "result 1", "silent": true])
        let reply = try #require(k.first(.shell, of: "execute_reply", parent: request))
        #expect(reply.content["execution_count"] == 0)
        #expect(k.waitIdle(request))
        #expect(k.iopub(for: request).map(\.msgType) == ["status", "status"])
    }

    @Test func anErrorIsPublishedAndAbortsTheQueuedCells() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let blocker = k.request("execute_request", ["code": "input go?"])
        let prompt = try #require(k.first(.stdin, of: "input_request", parent: blocker))
        let failing = k.request("execute_request", ["code": "fail"])
        let queued = k.request("execute_request", ["code": "set x 1"])
        let info = k.request("kernel_info_request")
        // Both wait behind the blocker; release it once they are queued.
        k.transport.inject(Message(header: MessageHeader.make(msgType: "input_reply", session: k.session),
                                   parentHeader: prompt.header,
                                   content: ["value": "yes"]), on: .stdin)
        let errorReply = try #require(k.first(.shell, of: "execute_reply", parent: failing))
        #expect(errorReply.content["status"] == "error" && errorReply.content["ename"] == "ValueError")
        #expect(k.iopub(for: failing).contains { $0.msgType == "error" && $0.content["evalue"] == "failed on purpose" })
        #expect(try #require(k.first(.shell, of: "execute_reply", parent: queued)).content["status"] == "aborted")
        #expect(try #require(k.first(.shell, of: "kernel_info_reply", parent: info)).content["status"] == "ok")
        let check = k.request("execute_request", ["code": "get x"])
        #expect(k.waitIdle(check))
        #expect(k.iopub(for: check).first { $0.msgType == "execute_result" }?.content["data"]?["text/plain"] == "undefined")
    }

    @Test func stopOnErrorFalseKeepsTheQueue() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let failing = k.request("execute_request", ["code": "fail", "stop_on_error": false])
        let next = k.request("execute_request", ["code": "result 2"])
        #expect(try #require(k.first(.shell, of: "execute_reply", parent: failing)).content["status"] == "error")
        #expect(try #require(k.first(.shell, of: "execute_reply", parent: next)).content["status"] == "ok")
    }

    @Test func interruptRequestOnControlStopsTheCellAndKeepsState() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        _ = k.request("execute_request", ["code": "set a 1"])
        let running = k.request("execute_request", ["code": "wait"])
        _ = try #require(k.first(.iopub, of: "execute_input", parent: running))
        let interrupt = k.request("interrupt_request", on: .control)
        #expect(try #require(k.first(.control, of: "interrupt_reply", parent: interrupt)).content["status"] == "ok")
        let reply = try #require(k.first(.shell, of: "execute_reply", parent: running))
        #expect(reply.content["ename"] == "Interrupted")
        let check = k.request("execute_request", ["code": "get a"])
        #expect(k.waitIdle(check))
        #expect(k.iopub(for: check).first { $0.msgType == "execute_result" }?.content["data"]?["text/plain"] == "1")
    }

    @Test func inputRoundTripsOverStdin() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("execute_request", ["code": "input name?"])
        let prompt = try #require(k.first(.stdin, of: "input_request", parent: request))
        #expect(prompt.content["prompt"] == "name?" && prompt.identities == [Array("client".utf8)])
        k.transport.inject(Message(header: MessageHeader.make(msgType: "input_reply", session: k.session),
                                   parentHeader: prompt.header, content: ["value": "Ada"]), on: .stdin)
        #expect(try #require(k.first(.shell, of: "execute_reply", parent: request)).content["status"] == "ok")
        #expect(k.waitIdle(request))
        #expect(k.iopub(for: request).contains { $0.msgType == "stream" && $0.content["text"] == "got Ada\n" })
    }

    @Test func inputWithoutStdinAllowedIsAnError() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("execute_request", ["code": "input x", "allow_stdin": false])
        #expect(try #require(k.first(.shell, of: "execute_reply", parent: request)).content["ename"] == "StdinNotImplementedError")
    }

    @Test func displayUpdateAndClearCarryTheDisplayID() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("execute_request", ["code": "print before\ndisplay one d1\nupdate two d1\nclear"])
        #expect(k.waitIdle(request))
        let out = k.iopub(for: request).filter { $0.msgType != "status" && $0.msgType != "execute_input" }
        #expect(out.map(\.msgType) == ["stream", "display_data", "update_display_data", "clear_output"])
        #expect(out[1].content["transient"]?["display_id"] == "d1" && out[2].content["data"]?["text/plain"] == "two")
    }

    @Test func userExpressionsAndPagerPayload() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("execute_request", ["code": "set v 5\npage docs", "user_expressions": ["e": "v"]])
        let reply = try #require(k.first(.shell, of: "execute_reply", parent: request))
        #expect(reply.content["user_expressions"]?["e"]?["data"]?["text/plain"] == "5")
        #expect(reply.content["payload"] == [["source": "page", "data": ["text/plain": "docs"], "start": 0]])
    }

    @Test func completeInspectAndIsComplete() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let complete = k.request("complete_request", ["code": "x pr", "cursor_pos": 4])
        let c = try #require(k.first(.shell, of: "complete_reply", parent: complete))
        #expect(c.content["matches"] == ["print"] && c.content["cursor_start"] == 2 && c.content["cursor_end"] == 4)
        let inspect = k.request("inspect_request", ["code": "print", "cursor_pos": 2, "detail_level": 0])
        #expect(try #require(k.first(.shell, of: "inspect_reply", parent: inspect)).content["found"] == true)
        let missing = k.request("inspect_request", ["code": "zzz", "cursor_pos": 1])
        #expect(try #require(k.first(.shell, of: "inspect_reply", parent: missing)).content["found"] == false)
        for (code, status) in [("print a", "complete"), ("print \\", "incomplete"), ("!", "invalid")] {
            let r = k.request("is_complete_request", ["code": .string(code)])
            #expect(try #require(k.first(.shell, of: "is_complete_reply", parent: r)).content["status"] == .string(status))
        }
    }

    @Test func historyTailRangeAndSearch() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        var last: Message?
        for code in ["result 42", "print x", "result 42"] { last = k.request("execute_request", ["code": .string(code)]) }
        let lastRequest = try #require(last)
        _ = try #require(k.first(.shell, of: "execute_reply", parent: lastRequest))
        let tail = k.request("history_request", ["hist_access_type": "tail", "n": 2, "output": true, "raw": true])
        #expect(try #require(k.first(.shell, of: "history_reply", parent: tail)).content["history"]
            == [[1, 2, ["print x", nil]], [1, 3, ["result 42", "42"]]])
        let range = k.request("history_request", ["hist_access_type": "range", "session": 1, "start": 1, "stop": 2, "output": false])
        #expect(try #require(k.first(.shell, of: "history_reply", parent: range)).content["history"] == [[1, 1, "result 42"]])
        let search = k.request("history_request", ["hist_access_type": "search", "pattern": "result*", "unique": true])
        #expect(try #require(k.first(.shell, of: "history_reply", parent: search)).content["history"] == [[1, 3, "result 42"]])
    }

    @Test func commOpenToAnUnknownTargetIsClosedBack() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let info = k.request("comm_info_request")
        #expect(try #require(k.first(.shell, of: "comm_info_reply", parent: info)).content["comms"] == .emptyObject)
        let open = k.request("comm_open", ["comm_id": "c1", "target_name": "nobody", "data": .emptyObject])
        #expect(try #require(k.first(.iopub, of: "comm_close", parent: open)).content["comm_id"] == "c1")
    }

    @Test func unknownMessageTypesAreDroppedAndTheKernelCarriesOn() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let unknown = k.request("frobnicate_request")
        #expect(k.waitIdle(unknown))
        #expect(!k.transport.allSent.contains { $0.0 == .shell && $0.1.parentHeader["msg_id"]?.stringValue == unknown.msgID })
        let info = k.request("kernel_info_request")
        #expect(k.first(.shell, of: "kernel_info_reply", parent: info) != nil)
    }

    @Test func framesWithABadSignatureNeverReachTheCore() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let m = Message(header: MessageHeader.make(msgType: "kernel_info_request", session: "s"))
        var frames = k.transport.frames(for: m)
        frames[1] = Array(String(repeating: "0", count: 64).utf8)
        #expect(k.transport.injectFrames(frames, on: .shell) == .badSignature)
    }

    @Test func shutdownRepliesOnControlAndIOPubAndEndsTheLoop() throws {
        let k = try KernelHarness()
        let request = k.request("shutdown_request", ["restart": true], on: .control)
        let reply = try #require(k.first(.control, of: "shutdown_reply", parent: request))
        #expect(reply.content["restart"] == true)
        #expect(k.first(.iopub, of: "shutdown_reply", parent: request) != nil)
        #expect(k.finished.wait(timeout: .now() + 10) == .success)
    }
}
