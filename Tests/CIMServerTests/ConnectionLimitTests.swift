import CIMMachine
import CIMTestSupport
import Foundation
import NIOCore
import NIOPosix
import Testing

@Suite("Connections: bodies capped by the machine's size, idle connections closed")
struct ConnectionLimitTests {
    @Test("a body longer than the largest job the machine can take is refused with 413 before it is read")
    func bodyCap() async throws {
        let machine = try await TestMachine.start(spins: 8, workers: 1)
        let cap = MachineProfile.simulator.with(spins: 8).maxRequestBytes  // 4096 + 24·8 + 32·28 = 5184 bytes
        #expect(cap == 5184)
        let padding = String(repeating: " ", count: cap)
        let reply = try await machine.raw(.POST, "/v1/jobs", body: #"{"ising": {"n": 2, "h": [0, 0], "J": []}}"# + padding)
        #expect(reply.status == 413 && reply.errorCode == "body_too_large")
        // A full 8-spin job written out in full fits.
        let pairs = (0..<8).flatMap { i in ((i + 1)..<8).map { "[\(i), \($0), -127]" } }.joined(separator: ", ")
        let full = #"{"ising": {"n": 8, "h": [\#(Array(repeating: "-127", count: 8).joined(separator: ", "))], "J": [\#(pairs)]}, "samples": 1}"#
        #expect(full.utf8.count < cap)
        #expect(try await machine.raw(.POST, "/v1/jobs", body: full).status == 202)
        await machine.stop()
    }

    @Test("a 100 MB body costs the server no more than the cap")
    func hugeBody() async throws {
        let machine = try await TestMachine.start(workers: 1)  // 64 spins: cap 68 KB
        let body = #"{"ising": {"n": 2, "h": [0, 0], "J": ["# + String(repeating: "[0, 1, 1], ", count: 9_100_000) + "[0, 1, 1]]}}"
        #expect(body.utf8.count > 100_000_000)
        let reply = try await machine.raw(.POST, "/v1/jobs", body: body)
        #expect(reply.status == 413)
        await machine.stop()
    }

    @Test("an idle connection is closed after the idle timeout; with a long timeout it stays open")
    func idleTimeout() async throws {
        let short = try await TestMachine.start(workers: 1, idleTimeout: 0.3)
        let long = try await TestMachine.start(workers: 1, idleTimeout: 600)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        let kept = try await bootstrap.connect(host: "127.0.0.1", port: Self.port(long)).get()
        let dropped = try await bootstrap.connect(host: "127.0.0.1", port: Self.port(short)).get()
        // Neither sends anything. The short-timeout server hangs up by itself (the test would hang if not);
        // the other, connected first, has not.
        try await dropped.closeFuture.get()
        #expect(kept.isActive)
        try await kept.close()
        await short.stop()
        await long.stop()
    }

    private static func port(_ machine: TestMachine) -> Int { Int(machine.url.split(separator: ":").last!)! }
}
