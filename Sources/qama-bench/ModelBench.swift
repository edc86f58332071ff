import ArgumentParser
import IsingCore

/// `qama-bench model` (bench/model_bench.py): the QAMA-sized model — per head every pair of the N·q
/// (token, bit) variables with −α·J[t,i,j]·w_i·w_j, the −β·h·w field, and the γ cross-head penalty as a
/// param — built (1) with a plain ModelBuilder loop and (2) through the Expression algebra, then re-weighted.
/// Coefficients are random (seeded); the pattern is what matters for timing. One JSON object a measurement.
struct ModelBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "model", abstract: "Model build and re-weighting.")

    @Option(help: "Heads H.") var heads = 8
    @Option(help: "Tokens N per head.") var tokens = 256
    @Option(help: "Bits q per token.") var bits = 4
    @Option(help: "Measurements per build path.") var repeats = 3

    func run() throws {
        let shape = ModelShape(heads: heads, tokens: tokens, bits: bits)
        try measure("builder", shape) { (shape.buildWithBuilder(), nil) }
        try measure("expression", shape) { try shape.buildWithExpressions() }
    }

    /// `build` returns the model and, for the expression path, its (sum, compile) thread-CPU seconds.
    private func measure(_ mode: String, _ shape: ModelShape, _ build: () throws -> (CompiledModel, (Double, Double)?)) throws {
        let now = Measurement.threadCPUSeconds
        for rep in 0..<repeats {
            let w0 = Measurement.wallSeconds(), t0 = now()
            let (m, phases) = try build()
            let t1 = now(), w1 = Measurement.wallSeconds()
            let first = try m.isingProblem(params: ["γ": 2])
            let t2 = now()
            var problem = try m.isingProblem(params: ["γ": 8])
            let t3 = now()
            let weighted = try m.weighted(["γ": 4])
            let t4 = now()
            precondition(first.n == shape.n && problem.couplingCount == m.couplingCount && weighted.quadratic.count == m.couplingCount)
            // `problem` is not shared, so it is updated in place; best of 10 (the first one warms caches).
            var inPlace = Double.infinity
            for g in [3.0, 5, 3, 5, 3, 5, 3, 5, 3, 5, 3] {
                let a = now()
                try m.reweight(&problem, params: ["γ": g])
                inPlace = min(inPlace, now() - a)
            }
            let fresh = try m.isingProblem(params: ["γ": 3])
            precondition(problem.values == fresh.values && problem.h == fresh.h && problem.offset == fresh.offset)
            Report.print(["mode": mode, "repeat": rep, "heads": shape.heads, "tokens": shape.tokens, "bits": shape.bits,
                          "variables": m.variableCount, "couplings": m.couplingCount, "build_cpu_s": t1 - t0,
                          "build_wall_s": w1 - w0, "first_ising_s": t2 - t1, "reweight_ising_s": t3 - t2,
                          "reweight_weighted_s": t4 - t3, "reweight_in_place_s": inPlace,
                          "expression_sum_s": phases?.0 ?? 0, "expression_compile_s": phases?.1 ?? 0])
        }
    }
}

/// The benchmark model's sizes and its random coefficients (seed 2504).
struct ModelShape {
    let heads: Int, tokens: Int, bits: Int
    let bitWeight: [Double], J: [Double], h: [Double]
    var n: Int { heads * tokens * bits }
    var pairs: Double { heads > 1 ? Double(heads * (heads - 1) / 2) : 1 }

    init(heads: Int, tokens: Int, bits: Int) {
        self.heads = heads; self.tokens = tokens; self.bits = bits
        bitWeight = (0..<bits).map { Double(1 << $0) / Double((1 << bits) - 1) }
        var rng = SeededRandom(seed: 2504)
        J = (0..<(heads * tokens * tokens)).map { _ in rng.nextGaussian() }
        h = (0..<(heads * tokens)).map { _ in rng.nextGaussian() }
    }

    func index(_ t: Int, _ i: Int, _ k: Int) -> Int { t * tokens * bits + i * bits + k }

    /// The plain loop every helper can write: ordered pairs (i, j) as in the formula, duplicates merged
    /// by the builder.
    func buildWithBuilder() -> CompiledModel {
        let (N, q) = (tokens, bits)
        var b = ModelBuilder(vartype: .binary, names: (0..<n).map { m in "x[\(m / (N * q)),\((m / q) % N),\(m % q)]" })
        b.reserveQuadratic(heads * N * N * q * q)
        for t in 0..<heads {
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
        if heads > 1 {
            for t in 0..<heads {
                for u in (t + 1)..<heads {
                    for i in 0..<N {
                        for k in 0..<q { b.addQuadratic(index(t, i, k), index(u, i, k), 1 / pairs, param: "γ") }
                    }
                }
            }
        }
        return b.compile()
    }

    /// The same energy through the language's path: w[t,i] expressions, Σ J·w_i·w_j, γ · penalty. Also
    /// returns the thread-CPU seconds of the sum and of the compile.
    func buildWithExpressions() throws -> (CompiledModel, (Double, Double)?) {
        let (N, q) = (tokens, bits)
        let started = Measurement.threadCPUSeconds()
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [heads, N, q], vartype: .binary)
        var total = ExpressionAccumulator()
        total.reserveQuadratic(heads * N * q * (N * q - 1) / 2)
        for t in 0..<heads {
            let w = try (0..<N).map { i in
                try Expression.dot(bitWeight, (0..<q).map { k in r.expression(try x.id(at: [t, i, k])) })
            }
            for i in 0..<N {
                total.add(w[i], scale: -h[t * N + i])
                for j in 0..<N { try total.addProduct(w[i], w[j], scale: -J[(t * N + i) * N + j]) }
            }
        }
        if heads > 1 {
            var penalty = ExpressionAccumulator()
            for t in 0..<heads {
                for u in (t + 1)..<heads {
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
        let built = Measurement.threadCPUSeconds()
        let m = try total.result.compile(registry: r)
        return (m, (built - started, Measurement.threadCPUSeconds() - built))
    }
}
