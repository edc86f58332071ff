import Foundation
import JupyterKernel
import Testing

@Suite("Comms, usage and the 5.5 protocol features")
struct KernelCommTests {
    func commOpen(_ k: KernelHarness, _ id: String, target: String = "echo") -> Message {
        k.request("comm_open", ["comm_id": .string(id), "target_name": .string(target), "data": .emptyObject])
    }

    func commMsg(_ k: KernelHarness, _ id: String, _ text: String) -> Message {
        k.request("comm_msg", ["comm_id": .string(id), "data": ["text": .string(text)]])
    }

    @Test func commInfoListsCommsOpenedFromEitherSideFilteredByTarget() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        #expect(k.waitIdle(commOpen(k, "front-1")))
        #expect(k.waitIdle(k.request("execute_request", ["code": "open kernel-1"])))
        let all = k.request("comm_info_request")
        let reply = try #require(k.first(.shell, of: "comm_info_reply", parent: all))
        #expect(reply.content["comms"] == ["front-1": ["target_name": "echo"], "kernel-1": ["target_name": "echo"]])
        let filtered = k.request("comm_info_request", ["target_name": "jupyter.widget"])
        #expect(try #require(k.first(.shell, of: "comm_info_reply", parent: filtered)).content["comms"] == .emptyObject)
        // Closed from either side: gone from the list.
        #expect(k.waitIdle(k.request("comm_close", ["comm_id": "front-1", "data": .emptyObject])))
        #expect(k.waitIdle(k.request("execute_request", ["code": "close kernel-1"])))
        let after = k.request("comm_info_request", ["target_name": "echo"])
        #expect(try #require(k.first(.shell, of: "comm_info_reply", parent: after)).content["comms"] == .emptyObject)
        #expect(k.interpreter.commLog == ["open front-1", "close front-1"])
    }

    @Test func aCommOpenedFromTheKernelCarriesTargetDataAndTheCellAsParent() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let cell = k.request("execute_request", ["code": "open k-2"])
        let open = try #require(k.first(.iopub, of: "comm_open", parent: cell))
        #expect(open.content == ["comm_id": "k-2", "target_name": "echo", "data": ["hello": true]])
    }

    @Test func aCommToAnUnknownTargetIsClosedStraightBack() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let open = commOpen(k, "c-9", target: "nobody")
        let close = try #require(k.first(.iopub, of: "comm_close", parent: open))
        #expect(close.content == ["comm_id": "c-9", "data": .emptyObject])
        #expect(k.waitIdle(open))
        let info = k.request("comm_info_request")
        #expect(try #require(k.first(.shell, of: "comm_info_reply", parent: info)).content["comms"] == .emptyObject)
        #expect(k.interpreter.commLog.isEmpty)
    }

    @Test("a comm_open reusing a live comm's id is refused and the live comm keeps its messages")
    func aDuplicateCommOpenIsRefused() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        #expect(k.waitIdle(commOpen(k, "c-1")))
        let again = commOpen(k, "c-1")
        #expect(k.waitIdle(again))
        #expect(k.iopub(for: again).filter { $0.msgType == "comm_close" }.isEmpty)  // the live one is not closed
        let message = commMsg(k, "c-1", "still here")
        #expect(k.waitIdle(message))
        #expect(k.interpreter.commLog == ["open c-1", "msg still here"])
    }

    @Test func aMessageIsHandedToTheInterpreterAndItsRepliesHaveItAsParent() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        #expect(k.waitIdle(commOpen(k, "c-1")))
        let message = commMsg(k, "c-1", "hi")
        #expect(k.waitIdle(message))
        let replies = k.iopub(for: message).filter { $0.msgType == "comm_msg" }.map(\.content)
        #expect(replies == [["comm_id": "c-1", "data": ["echo": "hi"]], ["comm_id": "c-1", "data": ["settled": 1]]])
        #expect(k.iopub(for: message).filter { $0.msgType == "status" }.map { $0.content["execution_state"] } == ["busy", "idle"])
        // A message to a comm that is not open goes nowhere.
        let stray = commMsg(k, "never-opened", "x")
        #expect(k.waitIdle(stray))
        #expect(k.iopub(for: stray).filter { $0.msgType == "comm_msg" }.isEmpty)
        #expect(k.interpreter.commLog == ["open c-1", "msg hi"])
    }

    @Test func messagesQueuedBehindARunningCellRunAfterItAsOneBatch() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        #expect(k.waitIdle(commOpen(k, "c-1")))
        let blocker = k.request("execute_request", ["code": "input go?"])
        let prompt = try #require(k.first(.stdin, of: "input_request", parent: blocker))
        let moves = ["1", "2", "3"].map { commMsg(k, "c-1", $0) }
        let cell = k.request("execute_request", ["code": "result after"])
        Thread.sleep(forTimeInterval: 0.1)
        #expect(k.interpreter.commLog == ["open c-1"])  // nothing handled while the cell runs
        k.transport.inject(Message(identities: [Array("client".utf8)],
                                   header: MessageHeader.make(msgType: "input_reply", session: k.session, username: "test"),
                                   parentHeader: prompt.header, content: ["value": "y"]), on: .stdin)
        #expect(k.waitIdle(cell))
        #expect(k.interpreter.commLog == ["open c-1", "msg 1", "msg 2", "msg 3"])
        // Each message echoed with itself as parent; one settle for the three, under the last.
        for (move, text) in zip(moves, ["1", "2", "3"]) {
            #expect(k.iopub(for: move).first { $0.msgType == "comm_msg" }?.content["data"] == ["echo": .string(text)])
        }
        #expect(k.iopub(for: moves[2]).filter { $0.msgType == "comm_msg" }.last?.content["data"] == ["settled": 3])
        let settledUnderFirst = k.iopub(for: moves[0]).filter { m in m.content["data"]?["settled"] != nil }
        #expect(settledUnderFirst.isEmpty)
    }

    @Test func jsonMimeTypesTravelAsJSONValues() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let cell = k.request("execute_request", ["code": "json {\"a\": [1, 2]}"])
        let display = try #require(k.first(.iopub, of: "display_data", parent: cell))
        #expect(display.content["data"] == ["application/json": ["a": [1, 2]], "text/plain": "json"])
    }

    @Test func kernelInfoOnControlStatesProtocolFiveFiveAndItsFeatures() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("kernel_info_request", on: .control)
        let reply = try #require(k.first(.control, of: "kernel_info_reply", parent: request))
        #expect(reply.content["protocol_version"] == "5.5")
        #expect(reply.content["supported_features"] == ["iopub_welcome"])
        #expect(reply.content["language_info"]?["name"] == "scripted")
    }

    @Test func aNewIopubSubscriberIsWelcomedOnItsTopic() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        k.transport.subscribe(topic: [])
        let welcome = try #require(k.transport.first { ch, m in ch == .iopub && m.msgType == "iopub_welcome" }?.1)
        #expect(welcome.content == ["subscription": ""])
        #expect(welcome.parentHeader == .emptyObject)
        k.transport.subscribe(topic: Array("kernel.".utf8))
        let second = try #require(k.transport.first { ch, m in ch == .iopub && m.content["subscription"] == "kernel." }?.1)
        #expect(second.identities == [Array("kernel.".utf8)])
    }

    @Test func usageReplyReportsThisProcess() throws {
        let k = try KernelHarness()
        defer { k.shutdown() }
        let request = k.request("usage_request", on: .control)
        let reply = try #require(k.first(.control, of: "usage_reply", parent: request))
        let c = reply.content
        #expect(c["pid"] == .int(Int(getpid())))
        #expect(c["hostname"] == .string(ProcessInfo.processInfo.hostName))
        #expect(c["cpu_count"] == .int(ProcessInfo.processInfo.activeProcessorCount))
        // Memory: PSS is at most RSS, which /proc/self/status reports independently.
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let rssKB = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }?.split(separator: " ").dropFirst().first.flatMap { Int($0) })
        let memory = try #require(c["kernel_memory"]?.intValue)
        #expect(memory > 0 && memory <= rssKB * 1024 * 2)
        let meminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let totalKB = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }?.split(separator: " ").dropFirst().first.flatMap { Int($0) })
        #expect(c["host_virtual_memory"]?["total"] == .int(totalKB * 1024))
        #expect(c["kernel_cpu"]?.doubleValue.map { $0 >= 0 } == true)
        #expect(c["host_cpu_percent"] == nil)  // first reading: no interval yet, as ipykernel leaves it out
        Thread.sleep(forTimeInterval: 0.2)
        let again = k.request("usage_request", on: .control)
        let second = try #require(k.first(.control, of: "usage_reply", parent: again))
        let host = try #require(second.content["host_cpu_percent"]?.doubleValue)
        #expect(host >= 0 && host <= 100)
    }
}

extension JSON {
    var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
