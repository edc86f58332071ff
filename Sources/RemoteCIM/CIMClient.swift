import CIMMachine
import CIMWire
import Foundation
import IsingCore
import IsingSolvers
import NumberText

/// The coherent Ising machine as a `Solver` (`cim(...)` in the language): a machine served over the job
/// API (`.remote(url)`) or the same simulated machine run in this process (`.embedded`). A solve checks
/// the problem against the profile asked for (before anything is sent), asks the machine its size and
/// precision, quantises the problem to it, runs the job while reporting progress, and returns the
/// machine's samples with energies recomputed on the ORIGINAL problem.
///
/// `solve` blocks the calling thread (it waits on NIO futures, not on Swift concurrency); call it from a
/// plain thread. Cancelling `control` cancels the job (DELETE on a served machine) and throws
/// `SolveCancelled`; every other failure is a `RemoteCIMError` with a one-line message. The token is never
/// printed: not in messages, descriptions, mirrors or parameters.
public struct CIMClient: Solver, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public enum Machine: Sendable, Equatable {
        /// A `qama-cim serve` (or compatible) machine at this base URL, e.g. "http://127.0.0.1:8780".
        case remote(url: String)
        /// The simulated machine, in this process.
        case embedded
    }

    public var machine: Machine
    /// The profile the machine must be: nil takes a served machine as it is, and the simulator profile
    /// for the embedded one.
    public var profile: MachineProfile?
    /// Samples to ask for.
    public var samples: Int
    /// Seconds the whole solve may take (submit, queue, anneal, result), after which the job is cancelled
    /// and the solve fails with `.timeout`.
    public var timeout: Double
    /// Bits to quantise to instead of the machine's precision (at most the machine's).
    public var precision: Int?
    public var mode: CIMDynamics.Mode
    public var seed: UInt64
    /// Told (once per solve) when quantisation loses more than `warningThreshold` of the coefficients' norm.
    public var warning: (@Sendable (String) -> Void)?
    public var warningThreshold: Double
    /// Called once the problem is quantised, before the job is sent, with the precision it will run at (so a
    /// caller can report what quantising costs before machine time is spent). Throwing stops the solve.
    public var beforeJob: (@Sendable (IsingProblem, CouplingPrecision, SolveControl) throws -> Void)?
    /// Times a 429/503 reply is retried (after its Retry-After) before the solve gives up.
    public var maxRetries: Int
    private let token: String?

    /// `token` nil means the environment's QAMA_CIM_TOKEN (and none if that is unset too); an embedded
    /// machine takes none.
    public init(machine: Machine, profile: MachineProfile? = nil, token: String? = nil, samples: Int = 100,
                timeout: Double = 60, precision: Int? = nil, mode: CIMDynamics.Mode = .optimize, seed: UInt64 = 0,
                warning: (@Sendable (String) -> Void)? = nil, warningThreshold: Double = 0.01,
                beforeJob: (@Sendable (IsingProblem, CouplingPrecision, SolveControl) throws -> Void)? = nil,
                maxRetries: Int = 20) {
        switch machine {
        case .remote(let url):
            self.machine = .remote(url: url.hasSuffix("/") ? String(url.dropLast()) : url)
            self.token = token ?? ProcessInfo.processInfo.environment["QAMA_CIM_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        case .embedded:
            self.machine = .embedded
            self.token = nil
        }
        self.profile = profile
        self.samples = samples
        self.timeout = timeout
        self.precision = precision
        self.mode = mode
        self.seed = seed
        self.warning = warning
        self.warningThreshold = warningThreshold
        self.beforeJob = beforeJob
        self.maxRetries = maxRetries
    }

    /// A served machine at `url`.
    public init(url: String, token: String? = nil, samples: Int = 100, timeout: Double = 60, precision: Int? = nil,
                mode: CIMDynamics.Mode = .optimize, seed: UInt64 = 0, warning: (@Sendable (String) -> Void)? = nil,
                warningThreshold: Double = 0.01, maxRetries: Int = 20) {
        self.init(machine: .remote(url: url), token: token, samples: samples, timeout: timeout, precision: precision,
                  mode: mode, seed: seed, warning: warning, warningThreshold: warningThreshold, maxRetries: maxRetries)
    }

    public var name: String { "cim" }

    /// Whether a token will be sent (the token itself is not readable).
    public var hasToken: Bool { token != nil }

    /// The served machine's URL, or nil for the embedded one.
    public var url: String? {
        if case .remote(let url) = machine { return url }
        return nil
    }

    /// The profile an embedded machine runs.
    public var embeddedProfile: MachineProfile { profile ?? .simulator }

    public var description: String {
        let place = url ?? "embedded \(embeddedProfile.name)"
        return "cim(machine: \(place), samples: \(samples), timeout: \(timeout)s, precision: \(precision.map { "\($0) bits" } ?? "machine"), token: \(token == nil ? "none" : "•••"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["machine": url ?? "embedded", "profile": profile?.name as Any, "samples": samples,
                                "timeout": timeout, "precision": precision as Any, "mode": mode, "seed": seed,
                                "token": token == nil ? "none" : "•••"])
    }

    public func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        do {
            return try run(problem, control: control)
        } catch let error as RemoteCIMError {
            throw error.redacting(token)
        }
    }

    private var link: any MachineLink {
        switch machine {
        case .remote(let url):
            RemoteMachineLink(connection: MachineConnection(baseURL: url, token: token, client: MachineConnection.sharedClient),
                              maxRetries: maxRetries)
        case .embedded:
            EmbeddedMachineLink(machine: SimulatedMachine(profile: embeddedProfile))
        }
    }

    private func run(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int64(min(max(0, timeout), 1e9) * 1000))
        try validateSettings()
        if let profile { try Self.fit(problem, samples: samples, on: profile, at: url) }
        let link = self.link

        control.report(SolveProgress(fraction: 0, message: "cim: connecting to \(link.location)"))
        let info = try link.info(control: control, deadline: deadline)
        if let profile, let named = info.profile, named != profile.name {
            throw RemoteCIMError(.invalidConfiguration, "cim: the machine at \(link.location) is the \(named) profile, not \(profile.name)")
        }
        guard problem.n <= info.spins else {
            throw RemoteCIMError(.tooManySpins, "cim: the problem has \(problem.n) spins; the machine at \(link.location) has \(info.spins)", status: 413)
        }
        let machinePrecision = try Self.precision(of: info, bits: precision)
        let quantised = machinePrecision.quantise(problem)
        if quantised.relativeError > warningThreshold {
            warning?("cim: quantising to \(machinePrecision.shortName) coefficients changes them by \(NumberFormat.percent(quantised.relativeError)) (relative norm); results are for the quantised problem")
        }
        try beforeJob?(problem, machinePrecision, control)

        let request = CIMJobRequest(ising: .init(quantised.problem), samples: samples, mode: mode, seed: seed)
        let result = try link.run(request, control: control, deadline: deadline)
        let spins = try checkedSpins(result, quantised: quantised.problem)

        var energies = [Double](repeating: 0, count: result.spins.count)
        for r in energies.indices { energies[r] = problem.energy(spins[(r * problem.n)..<((r + 1) * problem.n)]) }
        control.report(SolveProgress(fraction: 1, bestEnergy: energies.min(), message: "cim: job \(result.id) done"))
        let elapsed = ContinuousClock.now - started
        return SampleSet(
            n: problem.n, samples: spins, energies: energies, vartype: .spin,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            // Only what determines the samples, so a saved notebook shows the same text on every run and on
            // either machine (the URL, job id and timings change from run to run).
            solver: name, settings: [
                .fixed("samples", .int(samples)), .fixed("mode", .text(mode.rawValue)), .seed(seed),
                .fixed("precision", .text(machinePrecision.shortName)), .fixed("scale", .number(quantised.scale)),
                .fixed("precision_lost", .fraction(quantised.relativeError)),
            ])
    }

    /// Refuses, before anything is sent, a problem or sample count `profile` cannot take.
    public static func fit(_ problem: IsingProblem, samples: Int, on profile: MachineProfile, at url: String?) throws(RemoteCIMError) {
        do { try profile.admit(spins: problem.n, samples: samples) } catch {
            throw RemoteCIMError(error.kind == .tooManySpins ? .tooManySpins : .invalidConfiguration, "cim: \(error.message)")
        }
    }

    /// The precision a job runs at: the machine's, or `bits` of the machine's encoding.
    static func precision(of info: CIMMachineInfo, bits: Int?) throws(RemoteCIMError) -> CouplingPrecision {
        let bits = bits ?? info.precisionBits
        guard bits <= info.precisionBits else {
            throw RemoteCIMError(.invalidConfiguration, "cim: precision \(bits) bits exceeds the machine's \(info.precisionBits)")
        }
        guard let encoding = CouplingPrecision.Encoding(rawValue: info.encoding ?? "ising") else {
            throw RemoteCIMError(.malformedReply, "cim: the machine programs \"\(info.encoding ?? "")\" coefficients, which this client does not know")
        }
        do { return try CouplingPrecision(bits: bits, encoding: encoding) } catch {
            throw RemoteCIMError(.invalidConfiguration, "cim: precision must be 2…32 bits, got \(bits)")
        }
    }

    private func validateSettings() throws(RemoteCIMError) {
        if let url {
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  parsed.host?.isEmpty == false
            else { throw RemoteCIMError(.invalidConfiguration, "cim: the machine URL \(url) is not an http(s) URL") }
        }
        guard samples >= 1 else { throw RemoteCIMError(.invalidConfiguration, "cim: samples must be at least 1, got \(samples)") }
        guard timeout > 0, timeout.isFinite else {
            throw RemoteCIMError(.invalidConfiguration, "cim: timeout must be a positive number of seconds, got \(timeout)")
        }
    }

    /// The result's spins, flattened, after checking they belong to this problem: one ±1 row of n per
    /// sample, and energies that match the quantised problem the machine ran.
    private func checkedSpins(_ result: CIMJobResult, quantised: IsingProblem) throws(RemoteCIMError) -> [Int8] {
        func malformed(_ why: String) -> RemoteCIMError {
            RemoteCIMError(.malformedReply, "cim: the machine's result for job \(result.id) is inconsistent (\(why))")
        }
        let n = quantised.n
        guard !result.spins.isEmpty, result.spins.count == result.energies.count else {
            throw malformed("\(result.spins.count) samples and \(result.energies.count) energies")
        }
        var flat: [Int8] = []
        flat.reserveCapacity(result.spins.count * n)
        for (r, row) in result.spins.enumerated() {
            guard row.count == n, row.allSatisfy({ $0 == 1 || $0 == -1 }) else {
                throw malformed("sample \(r) is not \(n) spins of ±1")
            }
            let energy = quantised.energy(row)
            guard abs(energy - result.energies[r]) <= 1e-6 * max(1, abs(energy)) else {
                throw malformed("sample \(r) has energy \(energy), the machine says \(result.energies[r])")
            }
            flat.append(contentsOf: row)
        }
        return flat
    }
}
