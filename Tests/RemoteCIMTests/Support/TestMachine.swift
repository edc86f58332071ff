import AsyncHTTPClient
import CIMServer
import Foundation
import IsingSolvers
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// A real `CIMServer` on a free loopback port, with raw HTTP access for API-level checks.
struct TestMachine: Sendable {
    let server: CIMServer
    let url: String
    let token: String?

    /// Steps long enough that a job runs until something stops it (each step still checks cancellation).
    /// It must be hours, not seconds: a 3-spin job runs some 10⁸ steps a second on a fast machine.
    static let endless = 1 << 40

    static func start(token: String? = "machine-token-\(UInt32.random(in: 0...UInt32.max))", spins: Int = 64,
                      precisionBits: Int = 8, workers: Int = 2, queue: Int = 64, steps: Int = 300,
                      retryAfter: Int = 1, grace: Double = 0, logs: LogCapture? = nil) async throws -> TestMachine {
        var dynamics = CIMDynamics()
        dynamics.steps = steps
        let configuration = CIMServerConfiguration(
            host: "127.0.0.1", port: 0, token: token, spins: spins, precision: try CouplingPrecision(bits: precisionBits),
            workers: workers, queueCapacity: queue, dynamics: dynamics, retryAfterSeconds: retryAfter,
            shutdownGraceSeconds: grace)
        let logger = Logger(label: "qama-cim-test") { _ in
            if let logs { return CapturingLogHandler(capture: logs) }
            return SwiftLogNoOpLogHandler()
        }
        let server = CIMServer(configuration: configuration, logger: logger)
        let port = try await server.start()
        return TestMachine(server: server, url: "http://127.0.0.1:\(port)", token: token)
    }

    func stop() async { await server.stop() }

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let body: Data
        var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    }

    /// One raw request with the machine's token (or `token` when given; "" sends none).
    func raw(_ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        let bearer = token ?? self.token ?? ""
        if !bearer.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    func machineInfo() async throws -> CIMMachineInfo {
        try JSONDecoder().decode(CIMMachineInfo.self, from: try await raw(.GET, "/v1/machine").body)
    }

    /// Polls the machine until `condition` holds (for at most 20 s, then fails the caller's expectation).
    func waitUntil(_ condition: (CIMMachineInfo.Queue) -> Bool) async throws -> Bool {
        for _ in 0..<2000 {
            if condition(try await machineInfo().queue) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// Runs blocking work (a `CIMClient.solve`) on its own thread, so the Swift concurrency pool stays free
/// for the in-process server's handlers.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: Result { try body() }) }.start()
    }
}

/// Collects every log line (message and metadata) a server writes.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.append("\(event.level) \(event.message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))")
    }
}
