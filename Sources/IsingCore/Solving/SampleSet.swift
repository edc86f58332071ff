/// What a solver returns: reads of spin vectors with their energies, as dimod's SampleSet.
public struct SampleSet: Sendable {
    /// Number of variables in each sample.
    public let n: Int
    /// `reads × n` values, row-major; ±1 for spin sample sets, 0/1 for binary ones.
    public var samples: [Int8]
    public var energies: [Double]
    /// How many times each distinct row was seen (1 per read unless aggregated).
    public var occurrences: [Int]
    public var vartype: Vartype
    /// Best energy so far, one entry per recorded step (solver-specific step: sweep, SB step, …).
    public var trace: [Double]
    /// Mean energy over reads at the same steps as `trace` (empty when the solver does not record it).
    public var meanTrace: [Double]
    /// The solver step each `trace` entry was recorded after (e.g. sweeps 10, 20, …, 1000), in
    /// `traceUnit`s; empty when the solver does not say (entries are then numbered 0, 1, 2, …).
    public var traceSteps: [Double]
    /// What one step of `traceSteps` is: "sweep", "step", …
    public var traceUnit: String
    /// Wall seconds spent in the solver.
    public var seconds: Double
    /// The solver's name and the settings it actually used (auto values resolved), in a stable order.
    public var solver: String
    public var settings: SolverSettings

    public init(n: Int, samples: [Int8], energies: [Double], occurrences: [Int]? = nil, vartype: Vartype = .spin,
                trace: [Double] = [], meanTrace: [Double] = [], traceSteps: [Double] = [], traceUnit: String = "step",
                seconds: Double = 0, solver: String, settings: SolverSettings = []) {
        precondition(n == 0 ? energies.isEmpty || samples.isEmpty : samples.count == energies.count * n)
        self.n = n
        self.samples = samples
        self.energies = energies
        self.occurrences = occurrences ?? [Int](repeating: 1, count: energies.count)
        self.vartype = vartype
        self.trace = trace
        self.meanTrace = meanTrace
        self.traceSteps = traceSteps
        self.traceUnit = traceUnit
        self.seconds = seconds
        self.solver = solver
        self.settings = settings
    }

    public var reads: Int { energies.count }

    public func sample(_ r: Int) -> ArraySlice<Int8> { samples[(r * n)..<((r + 1) * n)] }

    /// Index of the lowest-energy read (first on ties).
    public var bestIndex: Int {
        var best = 0
        for r in energies.indices where energies[r] < energies[best] { best = r }
        return best
    }

    /// Reads sorted by energy (stable), so displays and `r.samples` are deterministic.
    public func sortedByEnergy() -> SampleSet {
        let order = energies.indices.sorted { (energies[$0], $0) < (energies[$1], $1) }
        var out = self
        out.samples = order.flatMap { Array(sample($0)) }
        out.energies = order.map { energies[$0] }
        out.occurrences = order.map { occurrences[$0] }
        return out
    }

    /// The same samples in the other vartype (s = 2x − 1). Energies are unchanged: they are the model's.
    public func converted(to target: Vartype) -> SampleSet {
        guard target != vartype else { return self }
        var out = self
        out.vartype = target
        out.samples = samples.map { target == .binary ? ($0 > 0 ? 1 : 0) : ($0 > 0 ? 1 : -1) }
        return out
    }
}
