import IsingCore
import IsingSolvers
import Synchronization

/// Small random Ising models and a brute-force reference, shared by the solver tests.
enum TestModels {
    /// n spins, each pair coupled with probability `density`, couplings and fields uniform in ±1
    /// (fields only when `fields` is set).
    static func random(n: Int, density: Double = 0.5, fields: Bool = true, seed: UInt64) -> IsingProblem {
        var rng = SeededRandom(seed: seed)
        var edges: [(Int, Int, Double)] = []
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) where rng.nextUnit() < density {
                edges.append((i, j, 2 * rng.nextUnit() - 1))
            }
        }
        let h = (0..<n).map { _ in fields ? 2 * rng.nextUnit() - 1 : 0 }
        return IsingProblem(n: n, h: h, edges: edges, offset: 0.25)
    }

    /// A ±1 (spin-glass) model with integer couplings and no fields: every ground state comes with its flip.
    static func integerGlass(n: Int, density: Double = 0.4, seed: UInt64) -> IsingProblem {
        var rng = SeededRandom(seed: seed)
        var edges: [(Int, Int, Double)] = []
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) where rng.nextUnit() < density {
                edges.append((i, j, rng.next() >> 63 == 0 ? 1 : -1))
            }
        }
        return IsingProblem(n: n, h: [Double](repeating: 0, count: n), edges: edges)
    }

    /// Lowest energy and every state reaching it (within 1e-9), by enumerating all 2^n states.
    static func bruteForce(_ problem: IsingProblem) -> (energy: Double, states: Set<[Int8]>) {
        var best = Double.infinity
        var states: Set<[Int8]> = []
        for code in 0..<(1 << problem.n) {
            let s = (0..<problem.n).map { (code >> $0) & 1 == 1 ? Int8(1) : -1 }
            let e = problem.energy(s)
            if e < best - 1e-9 {
                best = e
                states = [s]
            } else if abs(e - best) <= 1e-9 {
                states.insert(s)
            }
        }
        return (best, states)
    }
}

/// Collects progress reports from any thread.
final class ProgressLog: Sendable {
    private let reports = Mutex<[SolveProgress]>([])
    func record(_ p: SolveProgress) { reports.withLock { $0.append(p) } }
    var all: [SolveProgress] { reports.withLock { $0 } }
}

extension SampleSet {
    var rows: [[Int8]] { (0..<reads).map { Array(sample($0)) } }
}
