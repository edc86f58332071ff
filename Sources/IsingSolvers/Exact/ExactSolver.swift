import Foundation
import IsingCore

/// Exhaustive search: every one of the 2^n states by Gray code (O(degree) per state), up to 30 variables.
///
/// Returns all ground states (ties within rounding), in a fixed order, up to `maxGroundStates`, and how
/// many there are in the parameters. The state space is split by the top spins into chunks that
/// depend only on n (not on `threads`), enumerated in parallel and merged in chunk order.
public struct ExactSolver: Solver {
    public static let maxVariables = 30

    public var maxGroundStates: Int
    public var threads: Int
    public var layout: CouplingLayout

    public init(maxGroundStates: Int = 1000, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                layout: CouplingLayout = .automatic) {
        self.maxGroundStates = maxGroundStates
        self.threads = threads
        self.layout = layout
    }

    public var name: String { "exact" }

    public func solve(_ problem: IsingProblem, control: SolveControl) throws -> SampleSet {
        let n = problem.n
        guard n <= Self.maxVariables else {
            throw SolverFailure("exact() enumerates every state and refuses more than \(Self.maxVariables) variables; this model has \(n)")
        }
        guard maxGroundStates >= 1 else { throw SolverFailure("exact() needs maxGroundStates ≥ 1") }
        let started = Date()
        // Up to 64 chunks, none smaller than 2^12 states.
        let fixed = min(6, max(0, n - 12))
        let enumerated = n - fixed
        var scale = 1.0
        for i in 0..<n { scale += abs(problem.h[i]) }
        for v in problem.values { scale += abs(v) / 2 }
        let chunk = GrayCodeChunk(problem: problem, m: enumerated, cap: maxGroundStates, tolerance: 1e-9 * scale)
        let (store, usedLayout) = problem.couplingStore(layout, denseAbove: SimulatedAnnealing.denseAbove)
        let meter = ProgressMeter(control: control, total: 1 << n)
        let outcomes = try ParallelTasks.map(count: 1 << fixed, threads: threads) { c in
            try store.withRows({ try chunk.run(chunk: c, rows: $0, meter: meter) },
                               { try chunk.run(chunk: c, rows: $0, meter: meter) })
        }

        let best = outcomes.map(\.best).min()!
        var samples: [Int8] = []
        var count = 0
        var reported = 0
        var trace: [Double] = []
        for (c, outcome) in outcomes.enumerated() {
            trace.append(min(trace.last ?? .infinity, outcome.best))
            guard outcome.best <= best + chunk.tolerance else { continue }
            count += outcome.count
            for code in outcome.codes where reported < maxGroundStates {
                let state = Int(code) | (c << enumerated)
                samples.append(contentsOf: (0..<n).map { (state >> $0) & 1 == 1 ? Int8(1) : -1 })
                reported += 1
            }
        }
        let energies = n == 0 ? [problem.offset] : problem.energies(samples)
        meter.finish(bestEnergy: energies.min())
        return SampleSet(n: n, samples: samples, energies: energies, vartype: .spin, trace: trace,
                         seconds: Date().timeIntervalSince(started), solver: name,
                         settings: [.fixed("states", .power(base: 2, exponent: n)), .fixed("ground states", .int(count)),
                                    .fixed("reported", .int(reported)), .threads(max(1, min(threads, outcomes.count))),
                                    .fixed("layout", .text(usedLayout.rawValue))])
    }
}
