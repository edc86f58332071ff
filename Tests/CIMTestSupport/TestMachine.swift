import AsyncHTTPClient
import CIMMachine
import CIMServer
import CIMWire
import Foundation
import IsingSolvers
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// A real `CIMServer` on a free loopback port, with raw HTTP access for API-level checks.
public struct TestMachine: Sendable {
    public let server: CIMServer
    public let url: String
    public let token: String?

    /// Steps long enough that a job runs until something stops it (each step still checks cancellation).
    /// It must be hours, not seconds: a 3-spin job runs some 10⁸ steps a second on a fast machine.
    public static let endless = 1 << 40

    public static func start(token: String? = "machine-token-\(UInt32.random(in: 0...UInt32.max))", spins: Int = 64,
                             precisionBits: Int = 8, profile: MachineProfile = .simulator, workers: Int = 2, queue: Int = 64,
                             steps: Int = 300, retryAfter: Int = 1, grace: Double = 0, idleTimeout: Double = 60,
                             logs: LogCapture? = nil) async throws -> TestMachine {
        var dynamics = CIMDynamics()
        dynamics.steps = steps
        let precision = try CouplingPrecision(bits: precisionBits, encoding: profile.precision.encoding)
        let machine = SimulatedMachine(profile: profile.with(spins: spins, precision: precision), dynamics: dynamics)
        return try await start(token: token, machine: machine, workers: workers, queue: queue, retryAfter: retryAfter,
                               grace: grace, idleTimeout: idleTimeout, logs: logs)
    }

    /// A server for exactly `machine` (profile and dynamics as given).
    public static func start(token: String? = "machine-token-\(UInt32.random(in: 0...UInt32.max))", machine: SimulatedMachine,
                             workers: Int = 2, queue: Int = 64, retryAfter: Int = 1, grace: Double = 0, idleTimeout: Double = 60,
                             retainedJobs: Int = CIMServerConfiguration().retainedJobs,
                             resultMemory: Int = CIMServerConfiguration().retainedResultBytes,
                             bodyBudget: Int = CIMServerConfiguration().requestBodyBudgetBytes,
                             logs: LogCapture? = nil) async throws -> TestMachine {
        let configuration = CIMServerConfiguration(
            host: "127.0.0.1", port: 0, token: token, machine: machine, workers: workers, queueCapacity: queue,
            retryAfterSeconds: retryAfter, shutdownGraceSeconds: grace, retainedJobs: retainedJobs,
            retainedResultBytes: resultMemory, requestBodyBudgetBytes: bodyBudget, idleTimeoutSeconds: idleTimeout)
        let logger = Logger(label: "qama-cim-test") { _ in
            if let logs { return CapturingLogHandler(capture: logs) }
            return SwiftLogNoOpLogHandler()
        }
        let server = CIMServer(configuration: configuration, logger: logger)
        let port = try await server.start()
        return TestMachine(server: server, url: "http://127.0.0.1:\(port)", token: token)
    }

    public func stop() async { await server.stop() }

    public struct Reply: Sendable {
        public let status: Int
        public let headers: HTTPHeaders
        public let body: Data
        public var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        public var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    }

    /// One raw request with the machine's token (or `token` when given; "" sends none).
    public func raw(_ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        let bearer = token ?? self.token ?? ""
        if !bearer.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    public func machineInfo() async throws -> CIMMachineInfo {
        try JSONDecoder().decode(CIMMachineInfo.self, from: try await raw(.GET, "/v1/machine").body)
    }

    /// Polls the machine until `condition` holds (for at most 20 s, then fails the caller's expectation).
    public func waitUntil(_ condition: (CIMMachineInfo.Queue) -> Bool) async throws -> Bool {
        for _ in 0..<2000 {
            if condition(try await machineInfo().queue) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// Runs blocking work (a `CIMClient.solve`) on its own thread, so the Swift concurrency pool stays free
/// for the in-process server's handlers.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: Result { try body() }) }.start()
    }
}

/// Collects every log line (message and metadata) a server writes.
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    public init() {}
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    public var all: [String] { lines.withLock { $0 } }
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

extension Result {
    /// The error, when this is a failure.
    public var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
