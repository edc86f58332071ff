import CIMWire
import IsingCore
import IsingSolvers

/// The simulated coherent Ising machine: a profile (its limits) and the dynamics it runs. `qama-cim serve`
/// puts one behind HTTP; `cim()` without a URL runs one in-process. Both take a job through `accept` and
/// `run`, so the same request and seed give the same samples whichever ran it.
public struct SimulatedMachine: Sendable {
    public let profile: MachineProfile
    /// Steps, dt and schedule; samples, mode and seed come from each job.
    public let dynamics: CIMDynamics

    public init(profile: MachineProfile = .simulator, dynamics: CIMDynamics = CIMDynamics()) {
        self.profile = profile
        self.dynamics = dynamics
    }

    /// Samples a job gets when it does not say.
    public static let defaultSamples = 16

    /// The problem a job body describes, or why the machine cannot run it. Nothing is quantised or repaired
    /// here: the client does that.
    public func accept(_ request: CIMJobRequest) throws(JobRejection) -> MachineJob {
        let ising = request.ising
        let n = ising.n
        guard n >= 1 else { throw JobRejection(.badRequest, "ising.n must be at least 1, got \(n)") }
        let samples = request.samples ?? Self.defaultSamples
        try profile.admit(spins: n, samples: samples)
        guard ising.h.count == n else { throw JobRejection(.badRequest, "ising.h has \(ising.h.count) entries for n = \(n)") }
        guard let mode = CIMDynamics.Mode(rawValue: request.mode ?? CIMDynamics.Mode.optimize.rawValue) else {
            throw JobRejection(.badRequest, "mode must be \"optimize\" or \"sample\", got \"\(request.mode ?? "")\"")
        }
        let precision = profile.precision
        var edges: [(Int, Int, Double)] = []
        edges.reserveCapacity(ising.J.count)
        for (k, c) in ising.J.enumerated() {
            guard (0..<n).contains(c.i), (0..<n).contains(c.j), c.i != c.j else {
                throw JobRejection(.badRequest, "J[\(k)] = [\(c.i), \(c.j), …] needs distinct indices in 0..<\(n)")
            }
            guard c.value.isFinite else {
                throw JobRejection(.outOfPrecision, "J[\(c.i), \(c.j)] = \(c.value) is not a number the machine can hold")
            }
            edges.append((c.i, c.j, c.value))
        }
        if let bad = ising.h.firstIndex(where: { !$0.isFinite }) {
            throw JobRejection(.outOfPrecision, "h[\(bad)] = \(ising.h[bad]) is not a number the machine can hold")
        }
        // A pair listed twice adds up, and the sum must fit the machine too.
        let problem = IsingProblem(n: n, h: ising.h, edges: edges)
        if let violation = precision.firstViolation(in: problem) { throw JobRejection(.outOfPrecision, violation) }
        return MachineJob(problem: problem, samples: samples, mode: mode, seed: request.seed ?? 0)
    }

    /// Anneals `job`: one trajectory per sample, on `threads` threads (the samples do not depend on it).
    public func run(_ job: MachineJob, threads: Int, control: SolveControl) throws -> SampleSet {
        var dynamics = self.dynamics
        dynamics.samples = job.samples
        dynamics.mode = job.mode
        dynamics.seed = job.seed
        dynamics.threads = threads
        return try dynamics.solve(job.problem, control: control)
    }

    /// What `GET /v1/machine` says about this machine, with the given queue.
    public func info(queue: CIMMachineInfo.Queue) -> CIMMachineInfo {
        CIMMachineInfo(spins: profile.spins, precisionBits: profile.precision.bits,
                       encoding: profile.precision.encoding.rawValue, profile: profile.name,
                       maxSamples: profile.maxSamples, queue: queue)
    }
}

/// A job the machine accepted.
public struct MachineJob: Sendable {
    public let problem: IsingProblem
    public let samples: Int
    public let mode: CIMDynamics.Mode
    public let seed: UInt64
}

extension CIMJobResult {
    /// The reply for job `id` whose run gave `samples`: one ±1 row and one energy per sample, in run order.
    public init(id: String, samples: SampleSet, timing: Timing) {
        self.init(id: id, spins: (0..<samples.reads).map { Array(samples.sample($0)) }, energies: samples.energies,
                  timing: timing)
    }
}
