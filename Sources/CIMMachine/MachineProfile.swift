import IsingSolvers

/// What a coherent Ising machine can take: its spins, the precision and form its coefficients are
/// programmed in, and the most samples one job may ask for. Declared once, here: `qama-cim serve
/// --profile` serves it, `cim(profile:)` runs it in-process or checks a served machine against it, and a
/// model that does not fit is refused before anything is sent.
public struct MachineProfile: Sendable, Equatable {
    public let name: String
    /// One line for `--help`, displays and docs.
    public let summary: String
    public let spins: Int
    public let precision: CouplingPrecision
    public let maxSamples: Int

    public init(name: String, summary: String, spins: Int, precision: CouplingPrecision, maxSamples: Int) {
        self.name = name
        self.summary = summary
        self.spins = spins
        self.precision = precision
        self.maxSamples = maxSamples
    }

    /// The simulated machine `qama-cim serve` and `cim()` run unless told otherwise.
    public static let simulator = MachineProfile(
        name: "simulator", summary: "the simulated CIM: 2000 spins, 8-bit integer Ising fields and couplings",
        spins: 2000, precision: .eightBitIsing, maxSamples: 1000)

    /// The QBoson CPQC-550 as the QAMA paper used it (arXiv 2504.11083, 40 IMDB problems of 512 bits).
    public static let cpqc550 = MachineProfile(
        name: "cpqc-550", summary: "QBoson CPQC-550: 550 spins, an 8-bit signed integer QUBO matrix (−128…127)",
        spins: 550, precision: .eightBitQUBO, maxSamples: 1000)

    public static let all: [MachineProfile] = [.simulator, .cpqc550]

    public static func named(_ name: String) -> MachineProfile? { all.first { $0.name == name.lowercased() } }

    /// "simulator, cpqc-550", for error messages and help.
    public static var names: String { all.map(\.name).joined(separator: ", ") }

    /// This profile with some limits changed; it is then named "custom" (a client asking for the original
    /// profile by name must not be told this is it).
    public func with(spins: Int? = nil, precision: CouplingPrecision? = nil, maxSamples: Int? = nil) -> MachineProfile {
        let changed = MachineProfile(name: name, summary: summary, spins: spins ?? self.spins,
                                     precision: precision ?? self.precision, maxSamples: maxSamples ?? self.maxSamples)
        guard changed != self else { return self }
        return MachineProfile(name: "custom", summary: "\(changed.spins) spins, \(changed.precision.description) (from \(name))",
                              spins: changed.spins, precision: changed.precision, maxSamples: changed.maxSamples)
    }

    /// Refuses a job of `n` spins and `samples` samples that does not fit, saying by how much.
    public func admit(spins n: Int, samples: Int) throws(JobRejection) {
        guard n <= spins else { throw JobRejection(.tooManySpins, "the problem has \(n) spins; the \(name) machine has \(spins)") }
        guard (1...maxSamples).contains(samples) else {
            throw JobRejection(.badRequest, "samples must be 1…\(maxSamples) on the \(name) machine, got \(samples)")
        }
    }

    /// The largest request body a job for this machine can need, in bytes: every field and every pair
    /// coupled, each number written out in full, with room to spare. The server refuses longer bodies
    /// before reading them.
    public var maxRequestBytes: Int {
        let pairs = spins * (spins - 1) / 2
        return 4096 + 24 * spins + 32 * pairs
    }
}
