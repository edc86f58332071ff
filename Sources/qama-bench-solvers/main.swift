import Foundation
import IsingCore
import IsingSolvers

// qama-bench-solvers: runs one local solver on a rudy/Gset graph and prints one JSON object
// (time, spin-flip attempts per second for SA, cuts), for bench/solver_bench.py.
//
//   qama-bench-solvers sa G1 [--reads 10] [--sweeps 1000] [--threads 1] [--seed 1] [--layout automatic]
//   qama-bench-solvers sb G1 [--mode ballistic] [--agents 128] [--steps 1000] [--dt 1.0] [--threads 1] [--seed 1]
//   qama-bench-solvers exact FILE [--threads 1]
//   qama-bench-solvers pt G22 [--reads 1] [--replicas 16] [--sweeps 1000] [--beta hot,cold] [--threads 1] [--seed 1]
//   qama-bench-solvers pa G22 [--population 100] [--sweeps 1000] [--steps N] [--beta hot,cold] [--threads 1] [--seed 1]
//
// Any solver with `--runs K` (K > 1) solves K times with seeds derived from --seed as tts() derives them and
// adds "runs": [{cpu_seconds, seconds, best_cut}] for bench/tts_bench.py.

func option(_ name: String, _ arguments: [String]) -> String? {
    guard let i = arguments.firstIndex(of: "--" + name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else { fail("usage: qama-bench-solvers sa|sb|exact GRAPH [options]") }
// The graph through IsingCore's own rudy reader and MaxCut model (E(s) = Σ w s_i s_j, cut = (Σ w − E)/2).
struct MaxCutInstance {
    let problem: IsingProblem
    let totalWeight: Double
    func cut(energy: Double) -> Double { (totalWeight - energy) / 2 }
}
let graph: MaxCutInstance
do {
    let g = try Graph.read(path: arguments[1])
    graph = MaxCutInstance(problem: try g.maxcut().isingProblem(params: [:]), totalWeight: g.totalWeight)
} catch { fail("\(error)") }
let threads = option("threads", arguments).flatMap(Int.init) ?? 1
let seed = option("seed", arguments).flatMap(UInt64.init) ?? 1
let layout = option("layout", arguments).flatMap(CouplingLayout.init(rawValue:)) ?? .automatic

/// `--beta hot,cold`, when given.
func betaOption() -> (hot: Double, cold: Double)? {
    guard let text = option("beta", arguments) else { return nil }
    let parts = text.split(separator: ",").compactMap { Double($0) }
    guard parts.count == 2 else { fail("--beta takes hot,cold") }
    return (parts[0], parts[1])
}

let solver: any Solver
var attemptsPerRun = 0.0
switch arguments[0] {
case "sa":
    let sa = SimulatedAnnealing(reads: option("reads", arguments).flatMap(Int.init) ?? 10,
                                sweeps: option("sweeps", arguments).flatMap(Int.init) ?? 1000,
                                seed: seed, threads: threads, layout: layout)
    attemptsPerRun = Double(sa.reads) * Double(sa.sweeps) * Double(graph.problem.n)
    solver = sa
case "sb":
    var sb = SimulatedBifurcation(mode: option("mode", arguments).flatMap(SimulatedBifurcation.Mode.init(rawValue:)) ?? .ballistic,
                                  agents: option("agents", arguments).flatMap(Int.init) ?? 128,
                                  steps: option("steps", arguments).flatMap(Int.init) ?? 1000,
                                  seed: seed, threads: threads, layout: layout)
    if let dt = option("dt", arguments).flatMap(Double.init) { sb.dt = dt }
    solver = sb
case "exact":
    solver = ExactSolver(threads: threads)
case "pt":
    solver = ParallelTempering(reads: option("reads", arguments).flatMap(Int.init) ?? 1,
                               replicas: option("replicas", arguments).flatMap(Int.init) ?? 16,
                               sweeps: option("sweeps", arguments).flatMap(Int.init) ?? 1000, betaRange: betaOption(),
                               seed: seed, threads: threads, layout: layout)
case "pa":
    solver = PopulationAnnealing(population: option("population", arguments).flatMap(Int.init) ?? 100,
                                 sweeps: option("sweeps", arguments).flatMap(Int.init) ?? 1000,
                                 steps: option("steps", arguments).flatMap(Int.init), betaRange: betaOption(),
                                 seed: seed, threads: threads, layout: layout)
default:
    fail("unknown solver \(arguments[0])")
}

/// CPU seconds used by this process: on a shared machine the honest clock for a single-threaded run.
func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

let started = Date()
let cpuStarted = processCPUSeconds()
let result: SampleSet
do { result = try solver.solve(graph.problem, control: .none) } catch { fail("\(error)") }
let seconds = Date().timeIntervalSince(started)
let cpuSeconds = processCPUSeconds() - cpuStarted
let cuts = result.energies.map(graph.cut(energy:))
var report: [String: Any] = [
    "solver": solver.name, "graph": URL(fileURLWithPath: arguments[1]).lastPathComponent,
    "n": graph.problem.n, "edges": graph.problem.couplingCount, "seconds": seconds, "cpu_seconds": cpuSeconds,
    "solver_seconds": result.seconds, "cuts": cuts, "best_cut": cuts.max() ?? 0,
    "mean_cut": cuts.isEmpty ? 0 : cuts.reduce(0, +) / Double(cuts.count),
    "parameters": Dictionary(result.parameters, uniquingKeysWith: { a, _ in a }),
]
let runs = option("runs", arguments).flatMap(Int.init) ?? 1
if runs > 1 {
    guard let budgeted = solver as? any SweepBudgeted else { fail("--runs needs sa, pt or pa") }
    var records: [[String: Any]] = []
    for r in 0..<runs {
        let wall = Date(), cpu = processCPUSeconds()
        let samples: SampleSet
        do {
            samples = try budgeted.withSeed(TimeToTarget.runSeed(base: seed, run: r)).solve(graph.problem, control: .none)
        } catch { fail("\(error)") }
        records.append(["cpu_seconds": processCPUSeconds() - cpu, "seconds": Date().timeIntervalSince(wall),
                        "best_cut": graph.cut(energy: samples.energies.min() ?? .infinity)])
    }
    report["runs"] = records
}
if attemptsPerRun > 0 {
    report["attempts_per_second"] = attemptsPerRun / seconds
    report["attempts_per_cpu_second"] = attemptsPerRun / cpuSeconds
}
let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
