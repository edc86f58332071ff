// Benchmark driver for bench/qama_bench.sh: builds the QAMA model for random Q, K, V of a given size,
// optionally re-weights its γ param and solves it with simulated annealing, and prints one JSON object
// with the timings and the peak resident memory (VmHWM) after each phase.
//
//     qama-bench-attention --heads 8 --tokens 256 --features 64 [--formulation v2|v1] [--bits 4] [--coupling js|dot]
//                          [--sa-reads 1] [--sa-sweeps 100] [--threads 2] [--seed 1]
//
// `--bits` and `--coupling` belong to the v1 formulation; v2 (the default, the published paper) has one bit per
// head and token.
import Foundation
import IsingCore
import IsingSolvers
import QAMA

struct Arguments {
    var heads = 8, tokens = 256, features = 64, bits = 4
    var coupling = QAMACoupling.js
    var formulation = "v2"
    var saReads = 1, saSweeps = 100, threads = 2
    var seed: UInt64 = 1

    init(_ args: [String]) {
        var it = args.makeIterator()
        while let flag = it.next() {
            guard let value = it.next() else { Self.fail("\(flag) needs a value") }
            switch flag {
            case "--heads": heads = Self.int(value)
            case "--tokens": tokens = Self.int(value)
            case "--features": features = Self.int(value)
            case "--bits": bits = Self.int(value)
            case "--formulation":
                guard QAMAHamiltonian.formulations.contains(value) else { Self.fail("formulation is v2 or v1") }
                formulation = value
            case "--coupling":
                guard let c = QAMACoupling(rawValue: value) else { Self.fail("coupling is js or dot") }
                coupling = c
            case "--sa-reads": saReads = Self.int(value)
            case "--sa-sweeps": saSweeps = Self.int(value)
            case "--threads": threads = Self.int(value)
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
        FileHandle.standardError.write(Data("qama-bench-attention: \(message)\n".utf8))
        exit(2)
    }
}

/// Peak resident set size so far, in bytes (Linux VmHWM), or 0 where /proc is missing.
func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kB = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kB * 1024
    }
    return 0
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let args = Arguments(Array(CommandLine.arguments.dropFirst()))
var rng = SeededRandom(seed: args.seed)
let shape = [args.heads, args.tokens, args.features]
let count = shape.reduce(1, *)
let q = NDArray(shape: shape, storage: (0..<count).map { _ in rng.nextGaussian() })
let k = NDArray(shape: shape, storage: (0..<count).map { _ in rng.nextGaussian() })
let v = NDArray(shape: shape, storage: (0..<count).map { _ in rng.nextUnit() })
var report: [(String, String)] = [
    ("formulation", "\"\(args.formulation)\""), ("heads", "\(args.heads)"), ("tokens", "\(args.tokens)"),
    ("features", "\(args.features)"), ("bits", args.formulation == "v1" ? "\(args.bits)" : "1"),
    ("coupling", args.formulation == "v1" ? "\"\(args.coupling.rawValue)\"" : "\"symmetrised dot\""), ("peak_rss_inputs_bytes", "\(peakResidentBytes())"),
]

do {
    var built: QAMAHamiltonian?
    let build = try seconds {
        built = args.formulation == "v1"
            ? try QAMAHamiltonian(query: q, key: k, value: v,
                                  options: QAMAV1Options(bits: args.bits, gamma: .param("γ"), coupling: args.coupling))
            : try QAMAHamiltonian(query: q, key: k, value: v, options: QAMAV2Options(gamma: .param("γ")))
    }
    let model = built!.model
    report += [("variables", "\(model.variableCount)"), ("couplings", "\(model.couplingCount)"),
               ("build_seconds", "\(build)"), ("peak_rss_build_bytes", "\(peakResidentBytes())")]

    var problem: IsingProblem?
    let reweight = try seconds { _ = try model.weighted(["γ": 8]) }
    let toIsing = try seconds { problem = try model.isingProblem(params: ["γ": 2]) }
    report += [("reweight_seconds", "\(reweight)"), ("ising_seconds", "\(toIsing)"),
               ("peak_rss_ising_bytes", "\(peakResidentBytes())")]

    if args.saReads > 0 {
        let solver = SimulatedAnnealing(reads: args.saReads, sweeps: args.saSweeps, seed: args.seed, threads: args.threads)
        var result: SampleSet?
        let solve = try seconds { result = try solver.solve(problem!, control: .none) }
        let best = result!.bestIndex
        let weights = try built!.layout.weights(result!)
        let selected = weights.filter { $0 > 0 }.count
        let modelEnergy = try model.energy(of: result!.converted(to: .binary).sample(best), params: ["γ": 2])
        report += [("sa_reads", "\(args.saReads)"), ("sa_sweeps", "\(args.saSweeps)"), ("sa_threads", "\(args.threads)"),
                   ("sa_seconds", "\(solve)"), ("sa_best_energy", "\(result!.energies[best])"),
                   ("sa_best_model_energy", "\(modelEnergy)"), ("selected_tokens", "\(selected)"),
                   ("peak_rss_solve_bytes", "\(peakResidentBytes())")]
    }
} catch {
    Arguments.fail("\(error)")
}
print("{" + report.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
