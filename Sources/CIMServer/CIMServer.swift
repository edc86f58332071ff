import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The simulated coherent Ising machine behind the job API: an HTTP server (Hummingbird) in front of a
/// bounded queue and worker threads running `CIMDynamics`. The `qama-cim serve` executable calls `run`;
/// tests call `start` (which returns the bound port) and `stop`. Both refuse an invalid configuration
/// (`CIMServerConfiguration.validate`) before binding anything.
///
/// Shutdown (SIGINT/SIGTERM under `run`, or `stop`) first drains the machine while HTTP still answers —
/// new jobs get 503, queued jobs are cancelled, running jobs get `shutdownGraceSeconds` to finish and are
/// then cancelled, each logged — and only then stops listening.
public final class CIMServer: Sendable {
    public let configuration: CIMServerConfiguration
    private let logger: Logger
    private let running = Mutex<(group: ServiceGroup, task: Task<Void, any Error>)?>(nil)

    public init(configuration: CIMServerConfiguration, logger: Logger = Logger(label: "qama-cim")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until SIGINT or SIGTERM (when `handleSignals`) or `stop()`, then drains and returns.
    /// `onListening` is told the bound port once the server accepts connections.
    public func run(handleSignals: Bool = true, onListening: (@Sendable (Int) -> Void)? = nil) async throws {
        try configuration.validate()
        let group = makeServiceGroup(signals: handleSignals ? [.sigterm, .sigint] : [], onListening: onListening)
        running.withLock { $0 = (group, Task {}) }
        try await group.run()
    }

    /// Starts serving in the background and returns the port it listens on.
    public func start() async throws -> Int {
        try configuration.validate()
        let port = PortPromise()
        let group = makeServiceGroup(signals: [], onListening: { port.fulfil(.success($0)) })
        let task = Task {
            do { try await group.run() } catch { port.fulfil(.failure(error)); throw error }
            port.fulfil(.failure(CancellationError()))
        }
        running.withLock { $0 = (group, task) }
        return try await port.value
    }

    /// Drains the machine as on SIGTERM and stops listening; returns when both are done.
    public func stop() async {
        guard let (group, task) = running.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    private func makeServiceGroup(signals: [UnixSignal], onListening: (@Sendable (Int) -> Void)?) -> ServiceGroup {
        let engine = JobEngine(configuration: configuration, logger: logger)
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(APIErrorMiddleware())
        if let token = configuration.token { router.middlewares.add(BearerTokenMiddleware(token: Array(token.utf8))) }
        JobRoutes(engine: engine).register(on: router)
        let configuration = configuration, logger = logger
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeoutSeconds * 1e9)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "qama-cim"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.notice("listening", metadata: [
                    "host": "\(configuration.host)", "port": "\(port)", "profile": "\(configuration.profile.name)",
                    "spins": "\(configuration.profile.spins)", "precision": "\(configuration.profile.precision.shortName)",
                    "max_body_bytes": "\(configuration.maxBodyBytes)", "workers": "\(configuration.workers)",
                    "queue": "\(configuration.queueCapacity)", "auth": "\(configuration.token == nil ? "none" : "bearer token")",
                ])
                onListening?(port)
            },
            logger: logger)
        engine.startWorkers()
        // Shut down in reverse order: the engine drains first, while HTTP still answers status queries.
        return ServiceGroup(configuration: .init(services: [app, EngineService(engine: engine)],
                                                 gracefulShutdownSignals: signals, logger: logger))
    }
}

/// Ties the engine's drain to the service group's graceful shutdown.
private struct EngineService: Service {
    let engine: JobEngine

    func run() async throws {
        try? await gracefulShutdown()  // returns on graceful shutdown, throws on cancellation: drain either way
        await engine.drain()
    }
}

/// The bound port, delivered once from whichever of "listening" or "failed to start" happens first.
private final class PortPromise: Sendable {
    private let state = Mutex<(result: Result<Int, any Error>?, waiter: CheckedContinuation<Int, any Error>?)>((nil, nil))

    func fulfil(_ result: Result<Int, any Error>) {
        let waiter: CheckedContinuation<Int, any Error>? = state.withLock { s in
            guard s.result == nil else { return nil }
            s.result = result
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(with: result)
    }

    var value: Int {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<Int, any Error>? = state.withLock { s in
                    if s.result == nil { s.waiter = continuation }
                    return s.result
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}
