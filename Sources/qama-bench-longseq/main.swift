// Benchmark driver for bench/longseq_bench.sh (issue 19): the v2 QAMA Hamiltonian at long sequence lengths,
// solved by the structured annealer (StructuredSimulatedAnnealing, O(H·N·d)) or by the generic path
// (expanded through ModelBuilder, SimulatedAnnealing on the Ising problem). Random inputs: Q, K standard
// normal, h = mean over d of V with V uniform in [0, 1) (e2v = 1). Prints one JSON object.
//
//     qama-bench-longseq scale   --path structured|generic --heads 8 --tokens 4096 --features 64
//                                [--reads 1] [--sweeps 100] [--seed 1]
//         build and solve once; timings and peak resident memory (VmHWM) after each phase.
//     qama-bench-longseq quality --heads 8 --tokens 512 --features 64 [--seeds 20] [--sweeps 100]
//         both paths in this process on one model, one read per solver seed 1…seeds: mean best energy
//         with standard errors, the paired difference, the time ratio, and the largest relative gap
//         between the structured energies and the expanded model's energy of the same samples.
import Foundation
import IsingCore
import IsingSolvers

struct Arguments {
    var mode = ""
    var path = "structured"
    var heads = 8, tokens = 512, features = 64, reads = 1, sweeps = 100, seeds = 20
    var seed: UInt64 = 1

    init(_ args: [String]) {
        guard let mode = args.first, ["scale", "quality"].contains(mode) else { Self.fail("mode is scale or quality") }
        self.mode = mode
        var it = args.dropFirst().makeIterator()
        while let flag = it.next() {
            guard let value = it.next() else { Self.fail("\(flag) needs a value") }
            switch flag {
            case "--path":
                guard ["structured", "generic"].contains(value) else { Self.fail("path is structured or generic") }
                path = value
            case "--heads": heads = Self.int(value)
            case "--tokens": tokens = Self.int(value)
            case "--features": features = Self.int(value)
            case "--reads": reads = Self.int(value)
            case "--sweeps": sweeps = Self.int(value)
            case "--seeds": seeds = Self.int(value)
            case "--seed": seed = UInt64(Self.int(value))
            default: Self.fail("unknown flag \(flag)")
            }
        }
    }

    static func int(_ s: String) -> Int {
        guard let n = Int(s), n >= 0 else { fail("not a non-negative integer: \(s)") }
        return n
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("qama-bench-longseq: \(message)\n".utf8))
        exit(2)
    }
}

/// Peak resident set size so far, in bytes (Linux VmHWM), or 0 where /proc is missing.
func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
    }
    return 0
}

func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// User + system CPU seconds of this process so far: on a loaded machine (2 cores shared by many builds)
/// the honest figure for single-threaded work, next to the wall time.
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)  // Glibc imports RUSAGE_SELF as an enum case
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}

/// `timed` plus the CPU seconds spent.
func timedCPU<T>(_ body: () throws -> T) rethrows -> (T, Double, Double) {
    let cpu = processCPUSeconds()
    let (value, wall) = try timed(body)
    return (value, wall, processCPUSeconds() - cpu)
}

func randomProblem(_ a: Arguments) throws -> StructuredQAMAProblem {
    var rng = SeededRandom(seed: a.seed)
    let count = a.heads * a.tokens * a.features
    let q = (0..<count).map { _ in rng.nextGaussian() }
    let k = (0..<count).map { _ in rng.nextGaussian() }
    let h = (0..<(a.heads * a.tokens)).map { _ in
        var sum = 0.0
        for _ in 0..<a.features { sum += rng.nextUnit() }
        return sum / Double(a.features)
    }
    return try StructuredQAMAProblem(heads: a.heads, tokens: a.tokens, features: a.features, query: q, key: k, valueField: h)
}

func meanAndStandardError(_ xs: [Double]) -> (Double, Double) {
    let mean = xs.reduce(0, +) / Double(xs.count)
    guard xs.count > 1 else { return (mean, 0) }
    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
    return (mean, (variance / Double(xs.count)).squareRoot())
}

let args = Arguments(Array(CommandLine.arguments.dropFirst()))
var report: [(String, String)] = [("mode", "\"\(args.mode)\""), ("heads", "\(args.heads)"), ("tokens", "\(args.tokens)"),
                                  ("features", "\(args.features)"), ("sweeps", "\(args.sweeps)")]
do {
    let (inputs, inputSeconds) = try timed { try randomProblem(args) }
    report += [("variables", "\(inputs.variableCount)"), ("inputs_seconds", "\(inputSeconds)")]
    switch args.mode {
    case "scale":
        report += [("path", "\"\(args.path)\""), ("reads", "\(args.reads)"), ("peak_rss_inputs_bytes", "\(peakResidentBytes())")]
        if args.path == "structured" {
            // Build = packing the Float rows and per-variable constants (what a qama() model would hand over).
            let (problem, build, buildCPU) = try timedCPU {
                try StructuredQAMAProblem(heads: inputs.heads, tokens: inputs.tokens, features: inputs.features,
                                          query: inputs.query, key: inputs.key, valueField: inputs.valueField)
            }
            report += [("build_seconds", "\(build)"), ("build_cpu_seconds", "\(buildCPU)"), ("problem_bytes", "\(problem.memoryBytes)"),
                       ("peak_rss_build_bytes", "\(peakResidentBytes())")]
            let solver = StructuredSimulatedAnnealing(reads: args.reads, sweeps: args.sweeps, seed: args.seed, threads: 1)
            let (result, solve, solveCPU) = try timedCPU { try solver.solve(problem, control: .none) }
            let beta = result.parameters.first { $0.0 == "beta" }?.1 ?? ""
            report += [("solve_seconds", "\(solve)"), ("solve_cpu_seconds", "\(solveCPU)"), ("best_energy", "\(result.energies.min()!)"),
                       ("beta", "\"\(beta)\""), ("peak_rss_solve_bytes", "\(peakResidentBytes())")]
        } else {
            try inputs.expandedMemoryEstimate.check("the expanded model")
            let (ising, build, buildCPU) = try timedCPU { try inputs.expandedModel().isingProblem(params: [:]) }
            report += [("build_seconds", "\(build)"), ("build_cpu_seconds", "\(buildCPU)"), ("couplings", "\(ising.couplingCount)"),
                       ("peak_rss_build_bytes", "\(peakResidentBytes())")]
            let solver = SimulatedAnnealing(reads: args.reads, sweeps: args.sweeps, seed: args.seed, threads: 1)
            let (result, solve, solveCPU) = try timedCPU { try solver.solve(ising, control: .none) }
            let beta = result.parameters.first { $0.0 == "beta" }?.1 ?? ""
            report += [("solve_seconds", "\(solve)"), ("solve_cpu_seconds", "\(solveCPU)"), ("best_energy", "\(result.energies.min()!)"),
                       ("beta", "\"\(beta)\""), ("peak_rss_solve_bytes", "\(peakResidentBytes())")]
        }
    default:  // quality
        let model = try inputs.expandedModel()
        let ising = try model.isingProblem(params: [:])
        var structured: [Double] = [], generic: [Double] = [], structuredSeconds: [Double] = [], genericSeconds: [Double] = []
        var worstGap = 0.0
        for s in 1...max(1, args.seeds) {
            let seed = UInt64(s)
            // Alternate which path runs first, so drift in the machine's load hits both alike.
            var pair: [(String, Double, Double)] = []
            for path in s % 2 == 0 ? ["structured", "generic"] : ["generic", "structured"] {
                if path == "structured" {
                    let (r, t) = try timed {
                        try StructuredSimulatedAnnealing(reads: 1, sweeps: args.sweeps, seed: seed, threads: 1).solve(inputs, control: .none)
                    }
                    let x = Array(r.sample(0))
                    let expanded = try model.energy(of: x, params: [:])
                    worstGap = max(worstGap, abs(r.energies[0] - expanded) / max(1, abs(expanded)))
                    pair.append((path, r.energies[0], t))
                } else {
                    let (r, t) = try timed {
                        try SimulatedAnnealing(reads: 1, sweeps: args.sweeps, seed: seed, threads: 1).solve(ising, control: .none)
                    }
                    pair.append((path, r.energies[0], t))
                }
            }
            for (path, e, t) in pair {
                if path == "structured" { structured.append(e); structuredSeconds.append(t) } else { generic.append(e); genericSeconds.append(t) }
            }
        }
        let (sMean, sError) = meanAndStandardError(structured), (gMean, gError) = meanAndStandardError(generic)
        let (dMean, dError) = meanAndStandardError(zip(structured, generic).map { $0 - $1 })
        let median = { (xs: [Double]) -> Double in let s = xs.sorted(); return s[s.count / 2] }
        report += [("seeds", "\(structured.count)"),
                   ("structured_mean_energy", "\(sMean)"), ("structured_stderr", "\(sError)"),
                   ("generic_mean_energy", "\(gMean)"), ("generic_stderr", "\(gError)"),
                   ("difference_mean", "\(dMean)"), ("difference_stderr", "\(dError)"),
                   ("structured_median_seconds", "\(median(structuredSeconds))"),
                   ("generic_median_seconds", "\(median(genericSeconds))"),
                   ("solve_speedup_median", "\(median(zip(genericSeconds, structuredSeconds).map { $0 / $1 }))"),
                   ("max_relative_energy_gap", "\(worstGap)")]
    }
} catch {
    Arguments.fail("\(error)")
}
print("{" + report.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
