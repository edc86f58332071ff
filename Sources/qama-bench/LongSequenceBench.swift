import ArgumentParser
import Foundation
import IsingCore
import IsingSolvers

/// `qama-bench longseq` (bench/longseq_bench.sh, issue 19): the v2 QAMA Hamiltonian at long sequence
/// lengths, solved by the structured annealer (StructuredSimulatedAnnealing, O(H·N·d)) or by the generic path
/// (expanded through ModelBuilder, SimulatedAnnealing on the Ising problem). Random inputs: Q, K standard
/// normal, h = mean over d of V with V uniform in [0, 1) (e2v = 1). One JSON object.
///
/// - `scale`: build and solve once on one path; timings and peak resident memory (VmHWM) after each phase.
/// - `quality`: both paths in this process on one model, one read per solver seed 1…seeds: mean best energy
///   with standard errors, the paired difference, the time ratio, and the largest relative gap between the
///   structured energies and the expanded model's energy of the same samples.
struct LongSequenceBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "longseq", abstract: "Structured vs generic QAMA v2 at long sequences.")

    enum Mode: String, ExpressibleByArgument, CaseIterable { case scale, quality }
    enum Path: String, ExpressibleByArgument, CaseIterable { case structured, generic }

    @Argument(help: "scale: one path, its time and memory; quality: both paths' energies over seeds.") var mode: Mode
    @Option(help: "scale: structured or generic.") var path = Path.structured
    @OptionGroup var size: SizeOptions
    @Option(help: "scale: SA reads.") var reads = 1
    @Option(help: "SA sweeps.") var sweeps = 100
    @Option(help: "quality: solver seeds 1…seeds.") var seeds = 20
    @OptionGroup var seed: SeedOption

    func run() throws {
        let (inputs, inputSeconds, _) = try Measurement.timed { try randomProblem() }
        var report: [String: Any] = ["mode": mode.rawValue, "heads": size.heads, "tokens": size.tokens,
                                     "features": size.features, "sweeps": sweeps,
                                     "variables": inputs.variableCount, "inputs_seconds": inputSeconds]
        switch mode {
        case .scale: try scale(inputs, &report)
        case .quality: try quality(inputs, &report)
        }
        Report.print(report)
    }

    private func randomProblem() throws -> StructuredQAMAProblem {
        var rng = SeededRandom(seed: seed.seed)
        let count = size.heads * size.tokens * size.features
        let q = (0..<count).map { _ in rng.nextGaussian() }
        let k = (0..<count).map { _ in rng.nextGaussian() }
        let h = (0..<(size.heads * size.tokens)).map { _ in
            var sum = 0.0
            for _ in 0..<size.features { sum += rng.nextUnit() }
            return sum / Double(size.features)
        }
        return try StructuredQAMAProblem(heads: size.heads, tokens: size.tokens, features: size.features, query: q, key: k, valueField: h)
    }

    private func scale(_ inputs: StructuredQAMAProblem, _ report: inout [String: Any]) throws {
        report.merge(["path": path.rawValue, "reads": reads, "peak_rss_inputs_bytes": Measurement.peakResidentBytes()]) { $1 }
        let solve: () throws -> SampleSet
        switch path {
        case .structured:
            // Build = packing the Float rows and per-variable constants (what a qama() model would hand over).
            let (problem, build, buildCPU) = try Measurement.timed {
                try StructuredQAMAProblem(heads: inputs.heads, tokens: inputs.tokens, features: inputs.features,
                                          query: inputs.query, key: inputs.key, valueField: inputs.valueField)
            }
            report.merge(["build_seconds": build, "build_cpu_seconds": buildCPU, "problem_bytes": problem.memoryBytes]) { $1 }
            solve = { try StructuredSimulatedAnnealing(reads: reads, sweeps: sweeps, seed: seed.seed, threads: 1).solve(problem, control: .none) }
        case .generic:
            try inputs.expandedMemoryEstimate.check("the expanded model")
            let (ising, build, buildCPU) = try Measurement.timed { try inputs.expandedModel().isingProblem(params: [:]) }
            report.merge(["build_seconds": build, "build_cpu_seconds": buildCPU, "couplings": ising.couplingCount]) { $1 }
            solve = { try SimulatedAnnealing(reads: reads, sweeps: sweeps, seed: seed.seed, threads: 1).solve(ising, control: .none) }
        }
        report["peak_rss_build_bytes"] = Measurement.peakResidentBytes()
        let (result, seconds, cpuSeconds) = try Measurement.timed(solve)
        report.merge(["solve_seconds": seconds, "solve_cpu_seconds": cpuSeconds, "best_energy": result.energies.min()!,
                      "beta": result.settings[name: "beta"]?.json ?? NSNull(),
                      "peak_rss_solve_bytes": Measurement.peakResidentBytes()]) { $1 }
    }

    private func quality(_ inputs: StructuredQAMAProblem, _ report: inout [String: Any]) throws {
        let model = try inputs.expandedModel()
        let ising = try model.isingProblem(params: [:])
        var structured: [Double] = [], generic: [Double] = [], structuredSeconds: [Double] = [], genericSeconds: [Double] = []
        var worstGap = 0.0
        for s in 1...max(1, seeds) {
            let seed = UInt64(s)
            // Alternate which path runs first, so drift in the machine's load hits both alike.
            for path in s % 2 == 0 ? [Path.structured, .generic] : [.generic, .structured] {
                switch path {
                case .structured:
                    let (r, t, _) = try Measurement.timed {
                        try StructuredSimulatedAnnealing(reads: 1, sweeps: sweeps, seed: seed, threads: 1).solve(inputs, control: .none)
                    }
                    let expanded = try model.energy(of: Array(r.sample(0)), params: [:])
                    worstGap = max(worstGap, abs(r.energies[0] - expanded) / max(1, abs(expanded)))
                    structured.append(r.energies[0]); structuredSeconds.append(t)
                case .generic:
                    let (r, t, _) = try Measurement.timed {
                        try SimulatedAnnealing(reads: 1, sweeps: sweeps, seed: seed, threads: 1).solve(ising, control: .none)
                    }
                    generic.append(r.energies[0]); genericSeconds.append(t)
                }
            }
        }
        let (sMean, sError) = meanAndStandardError(structured), (gMean, gError) = meanAndStandardError(generic)
        let (dMean, dError) = meanAndStandardError(zip(structured, generic).map { $0 - $1 })
        let median = { (xs: [Double]) -> Double in let s = xs.sorted(); return s[s.count / 2] }
        report.merge(["seeds": structured.count,
                      "structured_mean_energy": sMean, "structured_stderr": sError,
                      "generic_mean_energy": gMean, "generic_stderr": gError,
                      "difference_mean": dMean, "difference_stderr": dError,
                      "structured_median_seconds": median(structuredSeconds),
                      "generic_median_seconds": median(genericSeconds),
                      "solve_speedup_median": median(zip(genericSeconds, structuredSeconds).map { $0 / $1 }),
                      "max_relative_energy_gap": worstGap]) { $1 }
    }

    private func meanAndStandardError(_ xs: [Double]) -> (Double, Double) {
        let mean = xs.reduce(0, +) / Double(xs.count)
        guard xs.count > 1 else { return (mean, 0) }
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        return (mean, (variance / Double(xs.count)).squareRoot())
    }
}
