import ArgumentParser
import IsingCore
import IsingSolvers
import QAMA

/// `qama-bench attention` (bench/qama_bench.sh): builds the QAMA model for random Q, K, V of a given size,
/// re-weights its γ param, optionally solves it with simulated annealing, and prints one JSON object with
/// the timings and the peak resident memory (VmHWM) after each phase. `--bits` and `--coupling` belong to
/// the v1 formulation; v2 (the default, the published paper) has one bit per head and token.
struct AttentionBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attention", abstract: "Build and solve the QAMA model.")

    @OptionGroup var size: SizeOptions
    @Option(help: "v2 (published) or v1.") var formulation = "v2"
    @Option(help: "v1: bits per token.") var bits = 4
    @Option(help: "v1: js or dot.") var coupling = QAMACoupling.js.rawValue
    @Option(help: "SA reads (0: no solve).") var saReads = 1
    @Option(help: "SA sweeps.") var saSweeps = 100
    @Option(help: "SA threads.") var threads = 2
    @OptionGroup var seed: SeedOption

    func validate() throws {
        guard QAMAHamiltonian.formulations.contains(formulation) else { throw ValidationError("formulation is v2 or v1") }
        guard QAMACoupling(rawValue: coupling) != nil else { throw ValidationError("coupling is js or dot") }
    }

    func run() throws {
        var rng = SeededRandom(seed: seed.seed)
        let shape = [size.heads, size.tokens, size.features]
        let count = shape.reduce(1, *)
        let q = NDArray(shape: shape, storage: (0..<count).map { _ in rng.nextGaussian() })
        let k = NDArray(shape: shape, storage: (0..<count).map { _ in rng.nextGaussian() })
        let v = NDArray(shape: shape, storage: (0..<count).map { _ in rng.nextUnit() })
        let v1 = formulation == "v1"
        var report: [String: Any] = [
            "formulation": formulation, "heads": size.heads, "tokens": size.tokens, "features": size.features,
            "bits": v1 ? bits : 1, "coupling": v1 ? coupling : "symmetrised dot",
            "peak_rss_inputs_bytes": Measurement.peakResidentBytes(),
        ]
        let (built, build, _) = try Measurement.timed {
            v1 ? try QAMAHamiltonian(query: q, key: k, value: v,
                                     options: QAMAV1Options(bits: bits, gamma: .param("γ"), coupling: QAMACoupling(rawValue: coupling)!))
               : try QAMAHamiltonian(query: q, key: k, value: v, options: QAMAV2Options(gamma: .param("γ")))
        }
        let model = built.model
        report.merge(["variables": model.variableCount, "couplings": model.couplingCount, "build_seconds": build,
                      "peak_rss_build_bytes": Measurement.peakResidentBytes()]) { $1 }
        let reweight = try Measurement.timed { try model.weighted(["γ": 8]) }.seconds
        let (problem, toIsing, _) = try Measurement.timed { try model.isingProblem(params: ["γ": 2]) }
        report.merge(["reweight_seconds": reweight, "ising_seconds": toIsing,
                      "peak_rss_ising_bytes": Measurement.peakResidentBytes()]) { $1 }

        if saReads > 0 {
            let solver = SimulatedAnnealing(reads: saReads, sweeps: saSweeps, seed: seed.seed, threads: threads)
            let (result, solve, _) = try Measurement.timed { try solver.solve(problem, control: .none) }
            let best = result.bestIndex
            let selected = try built.layout.weights(result).filter { $0 > 0 }.count
            let modelEnergy = try model.energy(of: result.converted(to: .binary).sample(best), params: ["γ": 2])
            report.merge(["sa_reads": saReads, "sa_sweeps": saSweeps, "sa_threads": threads, "sa_seconds": solve,
                          "sa_best_energy": result.energies[best], "sa_best_model_energy": modelEnergy,
                          "selected_tokens": selected, "peak_rss_solve_bytes": Measurement.peakResidentBytes()]) { $1 }
        }
        Report.print(report)
    }
}
