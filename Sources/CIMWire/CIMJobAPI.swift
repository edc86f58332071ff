import IsingCore
import IsingSolvers

// The JSON bodies of the remote CIM job API (DESIGN.md, "Remote CIM job API"), shared by the server
// (qama-cim) and the client (RemoteCIM) so the two cannot drift apart. Keys are the wire's snake_case.

/// `POST /v1/jobs` body: an Ising problem with integer coefficients, how many samples, how, which seed.
public struct CIMJobRequest: Codable, Sendable {
    public struct Ising: Codable, Sendable {
        public var n: Int
        public var h: [Double]
        /// Couplings, sent as `[i, j, v]` triples (i ≠ j, each pair once).
        public var J: [CIMCoupling]

        public init(n: Int, h: [Double], J: [CIMCoupling]) {
            self.n = n
            self.h = h
            self.J = J
        }

        /// The wire form of `problem` (its offset is not sent: a machine has no use for it).
        public init(_ problem: IsingProblem) {
            n = problem.n
            h = problem.h
            var triples: [CIMCoupling] = []
            triples.reserveCapacity(problem.couplingCount)
            for i in 0..<problem.n {
                for k in problem.rowStart[i]..<problem.rowStart[i + 1] where Int(problem.columns[k]) > i && problem.values[k] != 0 {
                    triples.append(CIMCoupling(i: i, j: Int(problem.columns[k]), value: problem.values[k]))
                }
            }
            J = triples
        }
    }

    public var ising: Ising
    public var samples: Int?
    /// "optimize" or "sample" (CIMDynamics.Mode raw values); nil means optimize.
    public var mode: String?
    public var seed: UInt64?

    public init(ising: Ising, samples: Int, mode: CIMDynamics.Mode, seed: UInt64) {
        self.ising = ising
        self.samples = samples
        self.mode = mode.rawValue
        self.seed = seed
    }
}

/// One coupling on the wire, `[i, j, v]`. Decoded straight into three fields (no array per triple), so a
/// body of a million couplings costs tens of megabytes, not gigabytes.
public struct CIMCoupling: Codable, Sendable, Equatable {
    public var i: Int
    public var j: Int
    public var value: Double

    public init(i: Int, j: Int, value: Double) {
        self.i = i
        self.j = j
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        // Indices arrive as JSON numbers; `Int(exactly:)` refuses 1.5 and 1e300 without trapping.
        guard c.count == 3, let i = Int(exactly: try c.decode(Double.self)), let j = Int(exactly: try c.decode(Double.self))
        else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "a coupling is [i, j, v] with integer i and j") }
        self.init(i: i, j: j, value: try c.decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(i)
        try c.encode(j)
        try c.encode(value)
    }
}

/// A job's lifecycle on the machine.
public enum CIMJobStatus: String, Codable, Sendable {
    case queued, running, done, failed, cancelled

    public var isFinished: Bool { self == .done || self == .failed || self == .cancelled }
}

/// `202` reply to `POST /v1/jobs`, reply to `GET /v1/jobs/{id}` and to `DELETE /v1/jobs/{id}`.
public struct CIMJobState: Codable, Sendable {
    public var id: String
    public var status: CIMJobStatus
    public var progress: Double
    public var error: String?

    public init(id: String, status: CIMJobStatus, progress: Double, error: String?) {
        self.id = id
        self.status = status
        self.progress = progress
        self.error = error
    }

    private enum CodingKeys: String, CodingKey { case id, status, progress, error }

    // `error` is always present (null when there is none), as the API documents it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(progress, forKey: .progress)
        try c.encode(error, forKey: .error)
    }
}

/// `GET /v1/jobs/{id}/result`: one row of ±1 per sample, each sample's energy on the problem as sent.
public struct CIMJobResult: Codable, Sendable {
    public struct Timing: Codable, Sendable {
        public var queueMilliseconds: Double
        public var annealMilliseconds: Double

        public init(queueMilliseconds: Double, annealMilliseconds: Double) {
            self.queueMilliseconds = queueMilliseconds
            self.annealMilliseconds = annealMilliseconds
        }

        private enum CodingKeys: String, CodingKey {
            case queueMilliseconds = "queue_ms", annealMilliseconds = "anneal_ms"
        }
    }

    /// The job these samples belong to, so a client can tell replies apart.
    public var id: String
    public var spins: [[Int8]]
    public var energies: [Double]
    public var timing: Timing

    public init(id: String, spins: [[Int8]], energies: [Double], timing: Timing) {
        self.id = id
        self.spins = spins
        self.energies = energies
        self.timing = timing
    }
}

/// `GET /v1/machine`: the machine's size, coupling precision, profile and queue.
public struct CIMMachineInfo: Codable, Sendable {
    public struct Queue: Codable, Sendable {
        public var capacity: Int
        public var queued: Int
        public var running: Int
        public var workers: Int

        public init(capacity: Int, queued: Int, running: Int, workers: Int) {
            self.capacity = capacity
            self.queued = queued
            self.running = running
            self.workers = workers
        }
    }

    public var spins: Int
    public var precisionBits: Int
    /// "ising" or "qubo" (`CouplingPrecision.Encoding`): what the precision applies to; absent means ising.
    public var encoding: String?
    /// The machine profile's name ("simulator", "cpqc-550"); absent on machines that do not say.
    public var profile: String?
    public var maxSamples: Int?
    public var queue: Queue

    public init(spins: Int, precisionBits: Int, encoding: String?, profile: String?, maxSamples: Int?, queue: Queue) {
        self.spins = spins
        self.precisionBits = precisionBits
        self.encoding = encoding
        self.profile = profile
        self.maxSamples = maxSamples
        self.queue = queue
    }

    private enum CodingKeys: String, CodingKey {
        case spins, precisionBits = "precision_bits", encoding, profile, maxSamples = "max_samples", queue
    }
}

/// Every error reply: `{"error": {"code", "message"}}`.
public struct CIMErrorReply: Codable, Sendable {
    public struct Detail: Codable, Sendable {
        public var code: String
        public var message: String
    }

    public var error: Detail

    public init(code: String, message: String) {
        error = Detail(code: code, message: message)
    }
}
