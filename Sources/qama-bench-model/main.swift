// Model-build benchmark (bench/model_bench.sh): the QAMA-sized model — per head every pair of the
// N·q (token, bit) variables with −α·J[t,i,j]·w_i·w_j, the −β·h·w field, and the γ cross-head penalty
// as a param — built (1) with a plain ModelBuilder loop and (2) through the Expression algebra, then
// re-weighted. Coefficients are random (seeded); the pattern is what matters for timing.
//
// Usage: qama-bench-model [heads] [tokens] [bits] [repeats]    (defaults 8 256 4 3)
// Prints one JSON object per measurement on stdout.
import Foundation
import IsingCore

let args = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let H = args.count > 0 ? args[0] : 8
let N = args.count > 1 ? args[1] : 256
let q = args.count > 2 ? args[2] : 4
let repeats = args.count > 3 ? args[3] : 3
let n = H * N * q
let bitWeight = (0..<q).map { Double(1 << $0) / Double((1 << q) - 1) }
let pairs = H > 1 ? Double(H * (H - 1) / 2) : 1

var rng = SeededRandom(seed: 2504)
let J = (0..<(H * N * N)).map { _ in rng.nextGaussian() }
let h = (0..<(H * N)).map { _ in rng.nextGaussian() }

/// CPU seconds of this thread: the machine is shared, so wall time would measure the neighbours too.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
func wall() -> Double { Date().timeIntervalSince1970 }
func report(_ fields: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    print(String(data: data, encoding: .utf8)!)
}
func index(_ t: Int, _ i: Int, _ k: Int) -> Int { t * N * q + i * q + k }

/// The plain loop every helper can write: ordered pairs (i, j) as in the formula, duplicates merged
/// by the builder.
func buildWithBuilder() -> CompiledModel {
    var b = ModelBuilder(vartype: .binary, names: (0..<n).map { m in
        "x[\(m / (N * q)),\((m / q) % N),\(m % q)]"
    })
    b.reserveQuadratic(H * N * N * q * q)
    for t in 0..<H {
        for i in 0..<N {
            for k in 0..<q { b.addLinear(index(t, i, k), -h[t * N + i] * bitWeight[k]) }
            for j in 0..<N {
                let c = -J[(t * N + i) * N + j]
                for k in 0..<q {
                    for l in 0..<q { b.addQuadratic(index(t, i, k), index(t, j, l), c * bitWeight[k] * bitWeight[l]) }
                }
            }
        }
    }
    if H > 1 {
        for t in 0..<H {
            for u in (t + 1)..<H {
                for i in 0..<N {
                    for k in 0..<q { b.addQuadratic(index(t, i, k), index(u, i, k), 1 / pairs, param: "γ") }
                }
            }
        }
    }
    return b.compile()
}

/// The same energy through the language's path: w[t,i] expressions, Σ J·w_i·w_j, γ · penalty.
func buildWithExpressions() throws -> CompiledModel {
    let started = now()
    let r = VariableRegistry()
    let x = r.declare(name: "x", shape: [H, N, q], vartype: .binary)
    var total = ExpressionAccumulator()
    total.reserveQuadratic(H * N * q * (N * q - 1) / 2)
    for t in 0..<H {
        let w = try (0..<N).map { i in
            try Expression.dot(bitWeight, (0..<q).map { k in r.expression(try x.id(at: [t, i, k])) })
        }
        for i in 0..<N {
            total.add(w[i], scale: -h[t * N + i])
            for j in 0..<N { try total.addProduct(w[i], w[j], scale: -J[(t * N + i) * N + j]) }
        }
    }
    if H > 1 {
        var penalty = ExpressionAccumulator()
        for t in 0..<H {
            for u in (t + 1)..<H {
                for i in 0..<N {
                    for k in 0..<q {
                        let a = r.expression(try x.id(at: [t, i, k])), b = r.expression(try x.id(at: [u, i, k]))
                        penalty.add(try a.multiplied(by: b), scale: 1 / pairs)
                    }
                }
            }
        }
        total.add(try penalty.result.scaled(by: ParamLinear(param: "γ")))
    }
    let built = now()
    let m = try total.result.compile(registry: r)
    expressionPhase = (built - started, now() - built)
    return m
}
nonisolated(unsafe) var expressionPhase = (0.0, 0.0)

func measure(_ mode: String, _ build: () throws -> CompiledModel) throws {
    for rep in 0..<repeats {
        let w0 = wall(), t0 = now()
        let m = try build()
        let t1 = now(), w1 = wall()
        let first = try m.isingProblem(params: ["γ": 2])
        let t2 = now()
        var problem = try m.isingProblem(params: ["γ": 8])
        let t3 = now()
        let weighted = try m.weighted(["γ": 4])
        let t4 = now()
        precondition(first.n == n && problem.couplingCount == m.couplingCount && weighted.quadratic.count == m.couplingCount)
        // `problem` is not shared, so it is updated in place; best of 10 (the first one warms caches).
        var inPlace = Double.infinity
        for g in [3.0, 5, 3, 5, 3, 5, 3, 5, 3, 5, 3] {
            let a = now()
            try m.reweight(&problem, params: ["γ": g])
            inPlace = min(inPlace, now() - a)
        }
        let fresh = try m.isingProblem(params: ["γ": 3])
        precondition(problem.values == fresh.values && problem.h == fresh.h && problem.offset == fresh.offset)
        report(["mode": mode, "repeat": rep, "heads": H, "tokens": N, "bits": q, "variables": m.variableCount,
                "couplings": m.couplingCount, "build_cpu_s": t1 - t0, "build_wall_s": w1 - w0,
                "first_ising_s": t2 - t1, "reweight_ising_s": t3 - t2, "reweight_weighted_s": t4 - t3,
                "reweight_in_place_s": inPlace, "expression_sum_s": mode == "expression" ? expressionPhase.0 : 0,
                "expression_compile_s": mode == "expression" ? expressionPhase.1 : 0])
    }
}

try measure("builder", buildWithBuilder)
try measure("expression", buildWithExpressions)
