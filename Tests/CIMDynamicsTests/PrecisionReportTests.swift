import IsingCore
import IsingSolvers
import Testing

@Suite("PrecisionReport: what a machine's precision does to a problem, on hand-made problems")
struct PrecisionReportTests {
    @Test("Ising: a field that dominates (h₀ = 1016 = 127 steps of 8) zeroes both couplings and loses the best state")
    func dominantIsingField() throws {
        let problem = IsingProblem(n: 3, h: [1016, 0, 0], edges: [(0, 1, 1), (1, 2, 2)])
        let r = try PrecisionReport(problem: problem, precision: .eightBitIsing, seed: 1, control: .none)
        #expect(r.scale == 8 && r.dynamicRange == 1016)
        #expect(r.fields == .init(nonzero: 1, zeroed: 0, relativeError: 0))
        #expect(r.couplings == .init(nonzero: 2, zeroed: 2, relativeError: 1))
        #expect(r.relativeError == (5.0 / (1016.0 * 1016.0 + 5)).squareRoot())
        #expect(r.fieldSteps == [127] && r.couplingSteps == [0.125, 0.25])
        // Original: s = (−1, +1, −1), E = −1016 − 1 − 2 = −1019. Quantised: 127 s₀ alone, so four ground
        // states; the worst under the original is (−1, −1, −1), E = −1016 + 1 + 2 = −1013.
        let b = r.bestStates
        #expect(b.method == .exact(quantisedGroundStates: 4))
        #expect(b.originalBest == [-1, 1, -1] && b.quantisedBest == [-1, -1, -1])
        #expect(b.originalEnergyOfOriginalBest == -1019 && b.originalEnergyOfQuantisedBest == -1013)
        #expect(b.quantisedEnergyOfOriginalBest == -1016 && b.quantisedEnergyOfQuantisedBest == -1016)
        #expect(b.gap == 6 && !b.preserved)
    }

    @Test("QUBO (CPQC-550): Q₀₀ = −1016 dominates Q₀₁ = −3 and Q₁₂ = −2, which round to 0")
    func dominantQUBODiagonal() throws {
        // E(x) = −1016 x₀ − 3 x₀x₁ − 2 x₁x₂ written in spins (x = (s + 1)/2): J = Q/4, h_i = Q_ii/2 + Σ_j Q_ij/4,
        // and the offset that makes the two energies equal.
        let problem = IsingProblem(n: 3, h: [-508.75, -1.25, -0.5], edges: [(0, 1, -0.75), (1, 2, -0.5)], offset: -509.25)
        let precision = CouplingPrecision.eightBitQUBO
        let q = precision.quantise(problem)
        #expect(q.original.fields == [-1016, 0, 0] && q.original.couplings == [-3, -2])
        #expect(q.programmed.fields == [-127, 0, 0] && q.programmed.couplings == [0, 0])
        #expect(precision.firstViolation(in: q.problem) == nil)

        let r = try PrecisionReport(problem: problem, precision: precision, seed: 1, control: .none)
        #expect(r.scale == 8 && r.dynamicRange == 508)
        #expect(r.fields == .init(nonzero: 1, zeroed: 0, relativeError: 0))
        #expect(r.couplings == .init(nonzero: 2, zeroed: 2, relativeError: 1))
        #expect(r.fieldSteps == [127] && r.couplingSteps == [0.375, 0.25])
        // Original: x = (1, 1, 1), E = −1021. Quantised: −127 x₀ alone; its worst ground state under the
        // original leaves x₁ = 0: E = −1016 (x₂ either way, a tie).
        let b = r.bestStates
        #expect(b.method == .exact(quantisedGroundStates: 4))
        #expect(b.originalBest == [1, 1, 1] && b.quantisedBest.prefix(2) == [1, -1])
        #expect(b.originalEnergyOfOriginalBest == -1021 && b.originalEnergyOfQuantisedBest == -1016)
        #expect(b.quantisedEnergyOfOriginalBest == -1016 && b.quantisedEnergyOfQuantisedBest == -1016)
        #expect(b.gap == 5 && !b.preserved)
    }

    @Test("a problem the machine holds as it is loses nothing")
    func alreadyIntegral() throws {
        let problem = IsingProblem(n: 2, h: [2, 0], edges: [(0, 1, -4)], offset: 1)
        let r = try PrecisionReport(problem: problem, precision: .eightBitIsing, seed: 1, control: .none)
        #expect(r.scale == 1 && r.dynamicRange == 2 && r.relativeError == 0)
        #expect(r.fields == .init(nonzero: 1, zeroed: 0, relativeError: 0))
        #expect(r.couplings == .init(nonzero: 1, zeroed: 0, relativeError: 0))
        // E = 1 + 2 s₀ − 4 s₀ s₁: best (−1, −1), E = 1 − 2 − 4 = −5, under both.
        let b = r.bestStates
        #expect(b.originalBest == [-1, -1] && b.quantisedBest == [-1, -1] && b.method == .exact(quantisedGroundStates: 1))
        #expect(b.originalEnergyOfOriginalBest == -5 && b.quantisedEnergyOfQuantisedBest == -5 && b.preserved && b.gap == 0)
    }

    @Test("above the exact limit the best states come from annealing and the machine, and say so")
    func bySolvers() throws {
        // A ferromagnetic chain of 30 with a field on spin 0: all up, E = −29 − 0.5 · 1 = −29.5.
        var h = [Double](repeating: 0, count: 30)
        h[0] = -0.5
        let problem = IsingProblem(n: 30, h: h, edges: (0..<29).map { ($0, $0 + 1, -1.0) })
        let up = [Int8](repeating: 1, count: 30)
        let r = try PrecisionReport(problem: problem, precision: .eightBitIsing, quantisedBest: (up, "cim"), seed: 4, control: .none)
        let b = r.bestStates
        #expect(b.method == .solvers(original: "sa (4 reads × 500 sweeps)", quantised: "cim"))
        #expect(b.originalBest == up && b.quantisedBest == up && b.originalEnergyOfOriginalBest == -29.5 && b.preserved)
        // 0.5 and 1 are 63.5 and 127 steps of 1/127: h₀ rounds to 64 steps.
        #expect(r.scale == 1.0 / 127 && r.fields.zeroed == 0 && r.couplings.relativeError == 0)
        #expect(r.fields.relativeError == abs(64.0 / 127 - 0.5) / 0.5)
    }

    @Test("QUBO quantising keeps energies: quantised energy in original units equals the original when nothing rounds")
    func quboEnergiesMapBack() throws {
        var random = SeededRandom(seed: 7)
        var edges: [(Int, Int, Double)] = []
        for i in 0..<8 { for j in (i + 1)..<8 where random.nextUnit() < 0.5 { edges.append((i, j, random.nextUnit() - 0.5)) } }
        let problem = IsingProblem(n: 8, h: (0..<8).map { _ in random.nextUnit() - 0.5 }, edges: edges, offset: 0.3)
        let q = try CouplingPrecision(bits: 32, encoding: .qubo).quantise(problem)
        var s = [Int8](repeating: -1, count: 8)
        for state in 0..<256 {
            for i in 0..<8 { s[i] = state >> i & 1 == 1 ? 1 : -1 }
            #expect(abs(q.originalUnits(q.problem.energy(s)) - problem.energy(s)) < 1e-6)
        }
        #expect(q.relativeError < 1e-8)
    }
}
