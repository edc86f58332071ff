import AsyncHTTPClient
import Foundation
import IsingCore
import IsingSolvers

/// The remote coherent Ising machine as a `Solver` (`cim(...)` in the language): asks the machine its
/// size and precision, quantises the problem to it, submits a job, polls it with back-off while reporting
/// progress, and returns the machine's samples with energies recomputed on the ORIGINAL problem.
///
/// `solve` blocks the calling thread (it waits on NIO futures, not on Swift concurrency); call it from a
/// plain thread. Cancelling `control` cancels the remote job (DELETE) and throws `SolveCancelled`; every
/// other failure is a `RemoteCIMError` with a one-line message. The token is never printed: not in
/// messages, descriptions, mirrors or parameters.
public struct CIMClient: Solver, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Base URL of the machine, e.g. "http://127.0.0.1:8780".
    public var url: String
    /// Samples to ask for.
    public var samples: Int
    /// Seconds the whole solve may take (submit, queue, anneal, result), after which the remote job is
    /// cancelled and the solve fails with `.timeout`.
    public var timeout: Double
    /// Bits to quantise to instead of the machine's precision (at most the machine's).
    public var precision: Int?
    public var mode: CIMDynamics.Mode
    public var seed: UInt64
    /// Told (once per solve) when quantisation loses more than `warningThreshold` of the coefficients' norm.
    public var warning: (@Sendable (String) -> Void)?
    public var warningThreshold: Double
    /// Times a 429/503 reply is retried (after its Retry-After) before the solve gives up.
    public var maxRetries: Int
    private let token: String?

    /// `token` nil means the environment's QAMA_CIM_TOKEN (and none if that is unset too).
    public init(url: String, token: String? = nil, samples: Int = 100, timeout: Double = 60, precision: Int? = nil,
                mode: CIMDynamics.Mode = .optimize, seed: UInt64 = 0, warning: (@Sendable (String) -> Void)? = nil,
                warningThreshold: Double = 0.01, maxRetries: Int = 20) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.token = token ?? ProcessInfo.processInfo.environment["QAMA_CIM_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        self.samples = samples
        self.timeout = timeout
        self.precision = precision
        self.mode = mode
        self.seed = seed
        self.warning = warning
        self.warningThreshold = warningThreshold
        self.maxRetries = maxRetries
    }

    public var name: String { "cim" }

    /// Whether a token will be sent (the token itself is not readable).
    public var hasToken: Bool { token != nil }

    public var description: String {
        "cim(url: \(url), samples: \(samples), timeout: \(timeout)s, precision: \(precision.map { "\($0) bits" } ?? "machine"), token: \(token == nil ? "none" : "•••"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["url": url, "samples": samples, "timeout": timeout, "precision": precision as Any,
                                "mode": mode, "seed": seed, "token": token == nil ? "none" : "•••"])
    }

    public func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        do {
            return try run(problem, control: control)
        } catch let error as RemoteCIMError {
            throw error.redacting(token)
        }
    }

    private func run(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int64(max(0, timeout) * 1000))
        try validateSettings()
        let connection = MachineConnection(baseURL: url, token: token, client: MachineConnection.sharedClient)
        let job = RemoteJob(connection: connection, control: control, deadline: deadline, maxRetries: maxRetries)

        control.report(SolveProgress(fraction: 0, message: "cim: connecting to \(url)"))
        let machine = try job.machine()
        guard problem.n <= machine.spins else {
            throw RemoteCIMError(.tooManySpins, "cim: the problem has \(problem.n) spins; the machine at \(url) has \(machine.spins)", status: 413)
        }
        let bits = precision ?? machine.precisionBits
        guard bits <= machine.precisionBits else {
            throw RemoteCIMError(.invalidConfiguration, "cim: precision \(bits) bits exceeds the machine's \(machine.precisionBits)")
        }
        let machinePrecision: CouplingPrecision
        do { machinePrecision = try CouplingPrecision(bits: bits) } catch {
            throw RemoteCIMError(.invalidConfiguration, "cim: precision must be 2…32 bits, got \(bits)")
        }
        let quantised = machinePrecision.quantise(problem)
        if quantised.relativeError > warningThreshold {
            warning?(String(format: "cim: quantising to %d-bit couplings changes them by %.2f%% (relative norm); results are for the quantised problem",
                            bits, quantised.relativeError * 100))
        }

        let request = CIMJobRequest(ising: .init(quantised.problem), samples: samples, mode: mode, seed: seed)
        let id = try job.submit(request)
        let result = try job.waitForResult(id)
        let spins = try checkedSpins(result, id: id, quantised: quantised.problem)

        var energies = [Double](repeating: 0, count: result.spins.count)
        for r in energies.indices { energies[r] = problem.energy(spins[(r * problem.n)..<((r + 1) * problem.n)]) }
        control.report(SolveProgress(fraction: 1, bestEnergy: energies.min(), message: "cim: job \(id) done" + String(
            format: " (queued %.0f ms, annealed %.0f ms)", result.timing.queueMilliseconds, result.timing.annealMilliseconds)))
        let elapsed = ContinuousClock.now - started
        return SampleSet(
            n: problem.n, samples: spins, energies: energies, vartype: .spin,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            // Only what determines the samples, so a saved notebook shows the same text on every run (the URL,
            // job id and timings change from run to run; the last progress report carries them).
            solver: name, parameters: [
                ("samples", "\(samples)"), ("mode", mode.rawValue), ("seed", "\(seed)"),
                ("precision_bits", "\(bits)"), ("scale", "\(quantised.scale)"),
                ("precision_lost", String(format: "%.4g%%", quantised.relativeError * 100)),
            ])
    }

    private func validateSettings() throws(RemoteCIMError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host?.isEmpty == false
        else { throw RemoteCIMError(.invalidConfiguration, "cim: the machine URL \(url) is not an http(s) URL") }
        guard samples >= 1 else { throw RemoteCIMError(.invalidConfiguration, "cim: samples must be at least 1, got \(samples)") }
        guard timeout > 0, timeout.isFinite else {
            throw RemoteCIMError(.invalidConfiguration, "cim: timeout must be a positive number of seconds, got \(timeout)")
        }
    }

    /// The result's spins, flattened, after checking they belong to this job and this problem: the right
    /// id, one ±1 row of n per sample, and energies that match the quantised problem the machine ran.
    private func checkedSpins(_ result: CIMJobResult, id: String, quantised: IsingProblem) throws(RemoteCIMError) -> [Int8] {
        func malformed(_ why: String) -> RemoteCIMError {
            RemoteCIMError(.malformedReply, "cim: the machine's result for job \(id) is inconsistent (\(why))")
        }
        let n = quantised.n
        guard result.id == id else { throw malformed("it names job \(result.id)") }
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
