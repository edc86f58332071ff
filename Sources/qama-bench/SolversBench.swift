import ArgumentParser
import Foundation
import IsingCore
import IsingSolvers

/// `qama-bench solvers`: one local solver on a rudy/Gset graph (read and turned into MaxCut by IsingCore),
/// one JSON object: time, spin-flip attempts per second for SA, cuts. For bench/solver_bench.py and, with
/// `--runs K`, bench/tts_bench.py (K solves with seeds derived from --seed as tts() derives them).
struct SolversBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "solvers", abstract: "A local solver on a Gset graph.")

    enum Kind: String, ExpressibleByArgument, CaseIterable { case sa, sb, exact, pt, pa }

    @Argument(help: "The solver.") var solver: Kind
    @Argument(help: "A graph in rudy (Gset) format.") var graph: String
    @Option(help: "Reads (sa: 10, pt: 1).") var reads: Int?
    @Option(help: "Sweeps (sa, pt, pa).") var sweeps = 1000
    @Option(help: "SB mode: ballistic, discrete, adiabatic or heated.") var mode: String = SimulatedBifurcation.Mode.ballistic.rawValue
    @Option(help: "SB agents.") var agents = 128
    @Option(help: "SB steps, or PA temperature steps (default: PA's own).") var steps: Int?
    @Option(help: "SB time step (default: the solver's stable step).") var dt: Double?
    @Option(help: "PT replicas.") var replicas = 16
    @Option(help: "PA population.") var population = 100
    @Option(help: "β range hot,cold (pt, pa).") var beta: String?
    @Option(help: "Coupling layout.") var layout: String = CouplingLayout.automatic.rawValue
    @Option(help: "Solve this many times with derived seeds (sa, pt, pa) and report each run.") var runs = 1
    @Option(help: "Worker threads.") var threads = 1
    @OptionGroup var seed: SeedOption

    func run() throws {
        let g = try Graph.read(path: graph)
        // MaxCut as IsingCore builds it: E(s) = Σ w s_i s_j, so cut = (Σ w − E)/2.
        let problem = try g.maxcut().isingProblem(params: [:])
        let cut = { (energy: Double) in (g.totalWeight - energy) / 2 }
        guard let layout = CouplingLayout(rawValue: layout) else { throw ValidationError("unknown layout \(layout)") }
        let seed = seed.seed
        let solver: any Solver
        var attemptsPerRun = 0.0
        switch self.solver {
        case .sa:
            let sa = SimulatedAnnealing(reads: reads ?? 10, sweeps: sweeps, seed: seed, threads: threads, layout: layout)
            attemptsPerRun = Double(sa.reads) * Double(sa.sweeps) * Double(problem.n)
            solver = sa
        case .sb:
            guard let mode = SimulatedBifurcation.Mode(rawValue: mode) else { throw ValidationError("unknown SB mode \(mode)") }
            var sb = SimulatedBifurcation(mode: mode, agents: agents, steps: steps ?? 1000, seed: seed, threads: threads, layout: layout)
            if let dt { sb.dt = dt }
            solver = sb
        case .exact:
            solver = ExactSolver(threads: threads)
        case .pt:
            solver = ParallelTempering(reads: reads ?? 1, replicas: replicas, sweeps: sweeps, betaRange: try betaRange(),
                                       seed: seed, threads: threads, layout: layout)
        case .pa:
            solver = PopulationAnnealing(population: population, sweeps: sweeps, steps: steps, betaRange: try betaRange(),
                                         seed: seed, threads: threads, layout: layout)
        }

        let (result, seconds, cpuSeconds) = try Measurement.timed { try solver.solve(problem, control: .none) }
        let cuts = result.energies.map(cut)
        var report: [String: Any] = [
            "solver": solver.name, "graph": URL(fileURLWithPath: graph).lastPathComponent,
            "n": problem.n, "edges": problem.couplingCount, "seconds": seconds, "cpu_seconds": cpuSeconds,
            "solver_seconds": result.seconds, "cuts": cuts, "best_cut": cuts.max() ?? 0,
            "mean_cut": cuts.isEmpty ? 0 : cuts.reduce(0, +) / Double(cuts.count),
            "parameters": result.settings.json,
        ]
        if runs > 1 {
            guard let budgeted = solver as? any SweepBudgeted else { throw ValidationError("--runs needs sa, pt or pa") }
            report["runs"] = try (0..<runs).map { r -> [String: Any] in
                let (samples, wall, cpu) = try Measurement.timed {
                    try budgeted.withSeed(TimeToTarget.runSeed(base: seed, run: r)).solve(problem, control: .none)
                }
                return ["cpu_seconds": cpu, "seconds": wall, "best_cut": cut(samples.energies.min() ?? .infinity)]
            }
        }
        if attemptsPerRun > 0 {
            report["attempts_per_second"] = attemptsPerRun / seconds
            report["attempts_per_cpu_second"] = attemptsPerRun / cpuSeconds
        }
        Report.print(report)
    }

    /// `--beta hot,cold`, when given.
    private func betaRange() throws -> (hot: Double, cold: Double)? {
        guard let beta else { return nil }
        let parts = beta.split(separator: ",").compactMap { Double($0) }
        guard parts.count == 2 else { throw ValidationError("--beta takes hot,cold") }
        return (parts[0], parts[1])
    }
}
