import IsingCore

/// What quantising a problem to a machine's precision does to it, to be read before machine time is
/// spent: the dynamic range the problem needs, how many fields and couplings round to zero, the relative
/// error of what is left, and whether the quantised problem's best state is still the original's.
///
/// The paper's text problems are the case in point: on the CPQC-550 (8-bit signed QUBO) the βN value
/// field dominates the matrix, so most query–key couplings fall below half a machine step and vanish.
public struct PrecisionReport: Sendable {
    /// How one kind of coefficient (fields or couplings) survived: of the `nonzero` ones the original has,
    /// `zeroed` became 0; `relativeError` is ‖scale·quantised − original‖ / ‖original‖ over the kind.
    public struct Share: Sendable, Equatable {
        public let nonzero: Int
        public let zeroed: Int
        public let relativeError: Double

        public init(nonzero: Int, zeroed: Int, relativeError: Double) {
            self.nonzero = nonzero
            self.zeroed = zeroed
            self.relativeError = relativeError
        }

        /// zeroed / nonzero (0 when there are none).
        public var zeroedFraction: Double { nonzero > 0 ? Double(zeroed) / Double(nonzero) : 0 }
    }

    public let precision: CouplingPrecision
    public let n: Int
    /// One machine step in the original's units.
    public let scale: Double
    /// Largest over smallest nonzero |coefficient| as programmed (h and J, or the QUBO matrix); 1 when
    /// every coefficient is zero. The machine holds maxMagnitude : 1 (127 : 1 at 8 bits) without loss.
    public let dynamicRange: Double
    public let fields: Share
    public let couplings: Share
    /// Over fields and couplings together.
    public let relativeError: Double
    /// |coefficient| / scale of every nonzero field and coupling: where each lands in machine steps
    /// (below ½ it rounds to 0). For the figure.
    public let fieldSteps: [Double]
    public let couplingSteps: [Double]
    public let bestStates: BestStates

    /// The best state of the original problem and of the quantised one, each scored under both.
    public struct BestStates: Sendable {
        public enum Method: Sendable, Equatable {
            /// Every state enumerated for both; the quantised problem has `quantisedGroundStates` ground
            /// states (counted up to the exact solver's cap) and `quantisedBest` is the worst of them under
            /// the original: a machine may return any of them.
            case exact(quantisedGroundStates: Int)
            /// The best states two solvers found (named, e.g. "sa (4 reads × 500 sweeps)", "cim"): evidence,
            /// not proof.
            case solvers(original: String, quantised: String)
        }

        public let method: Method
        public let originalBest: [Int8]
        public let quantisedBest: [Int8]
        /// Energies in the original's units: E(original best) and E(quantised best) under the original
        /// problem and under the quantised one.
        public let originalEnergyOfOriginalBest: Double
        public let quantisedEnergyOfOriginalBest: Double
        public let originalEnergyOfQuantisedBest: Double
        public let quantisedEnergyOfQuantisedBest: Double

        /// E_original(quantised best) − E_original(original best): what solving the quantised problem
        /// costs on the real one (≥ 0 when exact).
        public var gap: Double { originalEnergyOfQuantisedBest - originalEnergyOfOriginalBest }

        /// Whether the quantised problem's best state is a best state of the original (within rounding).
        public var preserved: Bool { gap <= 1e-9 * max(1, abs(originalEnergyOfOriginalBest)) }
    }

    /// Problems up to this many spins are checked by enumerating every state.
    public static let exactLimit = 20
    /// Larger ones by the best state of this annealer (seeded per report) on each problem.
    public static let annealing = SimulatedAnnealing(reads: 4, sweeps: 500)

    /// - Parameters:
    ///   - quantisedBest: a best state of the quantised problem a machine already returned (used above
    ///     `exactLimit` instead of annealing the quantised problem), with the machine's name.
    ///   - seed: the annealer's seed above `exactLimit`.
    public init(problem: IsingProblem, precision: CouplingPrecision, quantisedBest: (state: [Int8], solver: String)? = nil,
                seed: UInt64, control: SolveControl) throws {
        let q = precision.quantise(problem)
        self.precision = precision
        n = problem.n
        scale = q.scale
        fields = Self.share(q.original.fields, q.programmed.fields, error: q.fieldError)
        couplings = Self.share(q.original.couplings, q.programmed.couplings, error: q.couplingError)
        relativeError = q.relativeError
        fieldSteps = q.original.fields.filter { $0 != 0 }.map { abs($0) / q.scale }
        couplingSteps = q.original.couplings.filter { $0 != 0 }.map { abs($0) / q.scale }
        let magnitudes = (fieldSteps + couplingSteps)
        dynamicRange = magnitudes.isEmpty ? 1 : magnitudes.max()! / magnitudes.min()!
        bestStates = try Self.compare(problem, q, machineBest: quantisedBest, seed: seed, control: control)
    }

    private static func share(_ original: [Double], _ programmed: [Double], error: Double) -> Share {
        var nonzero = 0, zeroed = 0
        for (v, r) in zip(original, programmed) where v != 0 {
            nonzero += 1
            if r == 0 { zeroed += 1 }
        }
        return Share(nonzero: nonzero, zeroed: zeroed, relativeError: error)
    }

    private static func compare(_ problem: IsingProblem, _ q: QuantisedProblem, machineBest: (state: [Int8], solver: String)?,
                                seed: UInt64, control: SolveControl) throws -> BestStates {
        let method: BestStates.Method
        let originalBest: [Int8], quantisedBest: [Int8]
        if problem.n <= exactLimit {
            let exact = ExactSolver(threads: 1)
            let o = try exact.solve(problem, control: control)
            let r = try exact.solve(q.problem, control: control)
            originalBest = Array(o.sample(0))
            // The worst ground state of the quantised problem under the original (first on ties).
            var worst = 0
            for k in 0..<r.reads where problem.energy(r.sample(k)) > problem.energy(r.sample(worst)) { worst = k }
            quantisedBest = Array(r.sample(worst))
            method = .exact(quantisedGroundStates: r.reads)
        } else {
            var annealer = annealing
            annealer.seed = seed
            let settings = "sa (\(annealer.reads) reads × \(annealer.sweeps) sweeps)"
            let o = try annealer.solve(problem, control: control)
            originalBest = Array(o.sample(o.bestIndex))
            if let given = machineBest {
                quantisedBest = given.state
                method = .solvers(original: settings, quantised: given.solver)
            } else {
                let r = try annealer.solve(q.problem, control: control)
                quantisedBest = Array(r.sample(r.bestIndex))
                method = .solvers(original: settings, quantised: settings)
            }
        }
        func quantised(_ s: [Int8]) -> Double { q.originalUnits(q.problem.energy(s)) }
        return BestStates(method: method, originalBest: originalBest, quantisedBest: quantisedBest,
                          originalEnergyOfOriginalBest: problem.energy(originalBest),
                          quantisedEnergyOfOriginalBest: quantised(originalBest),
                          originalEnergyOfQuantisedBest: problem.energy(quantisedBest),
                          quantisedEnergyOfQuantisedBest: quantised(quantisedBest))
    }
}
