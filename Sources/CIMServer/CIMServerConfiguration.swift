import IsingSolvers

/// Everything `qama-cim serve` can be told; tests build one directly.
public struct CIMServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (see `CIMServer.start()` for the one bound).
    public var port: Int
    /// Bearer token every request must carry; nil leaves the machine open (logged as such, never the token).
    public var token: String?
    /// Spins the machine has: larger problems are refused with 413.
    public var spins: Int
    /// Coupling precision: coefficients must be integers within ±(2^(bits−1) − 1), else 422.
    public var precision: CouplingPrecision
    /// Worker threads, each annealing one job at a time.
    public var workers: Int
    /// Jobs that may wait for a worker; one more is refused with 429.
    public var queueCapacity: Int
    /// Most samples one job may ask for.
    public var maxSamples: Int
    /// The machine's dynamics (steps, dt, schedule…); samples, mode and seed come from each job.
    public var dynamics: CIMDynamics
    /// Seconds announced in `Retry-After` on 429 (queue full) and 503 (shutting down).
    public var retryAfterSeconds: Int
    /// Seconds running jobs get to finish on shutdown before they are cancelled.
    public var shutdownGraceSeconds: Double
    /// Finished jobs kept for status and result queries; older ones are forgotten first.
    public var retainedJobs: Int
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 0, token: String? = nil, spins: Int = 2000,
                precision: CouplingPrecision, workers: Int = 1, queueCapacity: Int = 64, maxSamples: Int = 1000,
                dynamics: CIMDynamics = CIMDynamics(), retryAfterSeconds: Int = 1, shutdownGraceSeconds: Double = 10,
                retainedJobs: Int = 10_000, maxBodyBytes: Int = 256 << 20) {
        self.host = host
        self.port = port
        self.token = token
        self.spins = spins
        self.precision = precision
        self.workers = workers
        self.queueCapacity = queueCapacity
        self.maxSamples = maxSamples
        self.dynamics = dynamics
        self.retryAfterSeconds = retryAfterSeconds
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.retainedJobs = retainedJobs
        self.maxBodyBytes = maxBodyBytes
    }
}
