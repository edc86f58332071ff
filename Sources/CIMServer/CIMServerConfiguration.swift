import CIMMachine
import IsingSolvers

/// Everything `qama-cim serve` can be told; tests build one directly. `validate()` refuses settings the
/// server cannot run with (a port out of range, no queue, a non-finite time step…) before it starts.
public struct CIMServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (see `CIMServer.start()` for the one bound).
    public var port: Int
    /// Bearer token every request must carry; nil leaves the machine open (logged as such, never the token).
    public var token: String?
    /// The machine served: its profile (spins, precision, most samples per job) and dynamics.
    public var machine: SimulatedMachine
    /// Worker threads, each annealing one job at a time.
    public var workers: Int
    /// Jobs that may wait for a worker; one more is refused with 429.
    public var queueCapacity: Int
    /// Seconds announced in `Retry-After` on 429 (queue full) and 503 (shutting down).
    public var retryAfterSeconds: Int
    /// Seconds running jobs get to finish on shutdown before they are cancelled.
    public var shutdownGraceSeconds: Double
    /// Finished jobs kept for status and result queries; older ones are forgotten first.
    public var retainedJobs: Int
    /// Bytes the finished jobs' results may hold together (`JobResultSize`); beyond it the oldest are
    /// forgotten first, and asking for one gets 410 saying so. Also bounds the largest job's result.
    public var retainedResultBytes: Int
    /// Largest request body accepted, whatever the machine could take: bodies grow as spins², and a
    /// 65,536-spin machine's largest job would be 68.7 GB.
    public var requestBodyBudgetBytes: Int
    /// Seconds a connection may sit with no request in flight before the server closes it.
    public var idleTimeoutSeconds: Double

    public init(host: String = "127.0.0.1", port: Int = 0, token: String? = nil, machine: SimulatedMachine = SimulatedMachine(),
                workers: Int = 1, queueCapacity: Int = 64, retryAfterSeconds: Int = 1, shutdownGraceSeconds: Double = 10,
                retainedJobs: Int = 10_000, retainedResultBytes: Int = 1 << 30, requestBodyBudgetBytes: Int = 256 << 20,
                idleTimeoutSeconds: Double = 60) {
        self.host = host
        self.port = port
        self.token = token
        self.machine = machine
        self.workers = workers
        self.queueCapacity = queueCapacity
        self.retryAfterSeconds = retryAfterSeconds
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.retainedJobs = retainedJobs
        self.retainedResultBytes = retainedResultBytes
        self.requestBodyBudgetBytes = requestBodyBudgetBytes
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    public var profile: MachineProfile { machine.profile }

    /// Largest request body accepted: what the machine's largest possible job needs (`MachineProfile.maxRequestBytes`),
    /// at most the body budget.
    public var maxBodyBytes: Int { min(profile.maxRequestBytes, requestBodyBudgetBytes) }

    /// Longest shutdown grace and idle timeout: a day.
    public static let maxSeconds = 86_400.0

    /// Most spins a served machine may claim: beyond this a job body could not be bounded sensibly.
    public static let maxSpins = 65_536

    /// Most worker threads (each is a thread for the server's life).
    public static let maxWorkers = 256

    /// Settings the server cannot run with, named with the value given.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// Throws the first setting the server cannot run with.
    public func validate() throws(Invalid) {
        func fail(_ message: String) -> Invalid { Invalid(message: message) }
        guard !host.isEmpty else { throw fail("host must not be empty") }
        guard (0...65_535).contains(port) else { throw fail("port must be 0…65535 (0 picks a free one), got \(port)") }
        if let token, token.isEmpty { throw fail("the token must not be empty") }
        guard (1...Self.maxSpins).contains(profile.spins) else {
            throw fail("spins must be 1…\(Self.maxSpins), got \(profile.spins)")
        }
        guard profile.maxSamples >= 1 else { throw fail("max samples must be at least 1, got \(profile.maxSamples)") }
        guard (1...Self.maxWorkers).contains(workers) else { throw fail("workers must be 1…\(Self.maxWorkers), got \(workers)") }
        guard queueCapacity >= 1 else { throw fail("queue must be at least 1, got \(queueCapacity)") }
        guard retryAfterSeconds >= 0 else { throw fail("retry-after must be at least 0 seconds, got \(retryAfterSeconds)") }
        guard shutdownGraceSeconds.isFinite, (0...Self.maxSeconds).contains(shutdownGraceSeconds) else {
            throw fail("grace must be 0…\(Int(Self.maxSeconds)) seconds, got \(shutdownGraceSeconds)")
        }
        guard retainedJobs >= 1 else { throw fail("retained jobs must be at least 1, got \(retainedJobs)") }
        guard retainedResultBytes >= 1 << 20 else {
            throw fail("the result memory must be at least 1 MB, got \(retainedResultBytes) bytes")
        }
        guard requestBodyBudgetBytes >= 1 << 16 else {
            throw fail("the request body limit must be at least 64 KB, got \(requestBodyBudgetBytes) bytes")
        }
        let largest = JobResultSize.bytes(samples: profile.maxSamples, spins: profile.spins)
        guard let largest, largest <= retainedResultBytes else {
            let fitting = retainedResultBytes / JobResultSize.bytes(samples: 1, spins: profile.spins)!
            throw fail("max samples \(profile.maxSamples) of \(profile.spins) spins make a result of \(largest.map { "\($0 >> 20) MB" } ?? "more bytes than memory holds"), more than the result memory of \(retainedResultBytes >> 20) MB; at most \(fitting) samples fit")
        }
        guard idleTimeoutSeconds > 0, idleTimeoutSeconds <= Self.maxSeconds else {
            throw fail("idle timeout must be more than 0 and at most \(Int(Self.maxSeconds)) seconds, got \(idleTimeoutSeconds)")
        }
        do { try machine.dynamics.checkSettings() } catch { throw fail(error.message) }
    }
}
