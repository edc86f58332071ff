import Dispatch
import IsingCore
import IsingSolvers
import QAMALang
import Synchronization

/// Solves a batch of problems with one solver expression, the problems spread over `threads` workers (each
/// solve single-threaded). Problem p's solver is evaluated with the seed `SeededRandom.stream(seed:, index: p)`
/// draws first, so every result depends on the seed and the problem only, never on the thread count.
public enum BatchSolve {
    /// A problem's best sample (0/1 bits in variable order) and its energy.
    public struct Best: Sendable, Equatable {
        public var sample: [Int8]
        public var energy: Double
        public init(sample: [Int8], energy: Double) { self.sample = sample; self.energy = energy }
    }

    /// Generic problems (`qama solve-qubo`): each solved by the expression's solver as it is.
    public static func run(_ problems: [IsingProblem], solver expression: SolverExpression, seed: UInt64,
                           threads: Int) throws -> [Best] {
        try run(count: problems.count, solver: expression, seed: seed, threads: threads) { solver, p in
            try solver.solve(problems[p], control: .none)
        }
    }

    /// Problem p solved by `solve(its solver, p)`; the best sample of the returned set, as 0/1 bits.
    public static func run(count: Int, solver expression: SolverExpression, seed: UInt64, threads: Int,
                           solve: @escaping @Sendable (any Solver, Int) throws -> SampleSet) throws -> [Best] {
        // The interpreter is not thread-safe: evaluate every problem's solver first, then solve in parallel.
        let solvers = try (0..<count).map { p -> any Solver in
            var stream = SeededRandom.stream(seed: seed, index: p)
            return try expression.solver(seed: stream.next())
        }
        let board = Board(count: count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while let p = board.claim() {
                do {
                    let set = try solve(solvers[p], p)
                    let k = set.bestIndex
                    // Spin samples are ±1, binary ones 0/1: either way a positive entry is a selected bit.
                    board.store(Best(sample: set.sample(k).map { $0 > 0 ? 1 : 0 }, energy: set.energies[k]), at: p)
                } catch {
                    board.fail(error)
                }
            }
        }
        return try board.results()
    }

    /// The next unclaimed problem, the results in problem order, the first error.
    private final class Board: Sendable {
        private let next = Atomic<Int>(0)
        private let count: Int
        private let slots: Mutex<[Best?]>
        private let firstError = Mutex<(any Error)?>(nil)

        init(count: Int) {
            self.count = count
            slots = Mutex([Best?](repeating: nil, count: count))
        }

        func claim() -> Int? {
            guard firstError.withLock({ $0 == nil }) else { return nil }
            let p = next.wrappingAdd(1, ordering: .relaxed).oldValue
            return p < count ? p : nil
        }

        func store(_ best: Best, at p: Int) { slots.withLock { $0[p] = best } }
        func fail(_ error: any Error) { firstError.withLock { if $0 == nil { $0 = error } } }

        func results() throws -> [Best] {
            if let error = firstError.withLock({ $0 }) { throw error }
            return slots.withLock { $0.map { $0! } }
        }
    }
}
