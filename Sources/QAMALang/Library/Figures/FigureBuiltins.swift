import Figures
import IsingCore

/// `heatmap`, `sparsity`, `histogram`, `trace`, `landscape`, `compare`, `plot`. Each returns a Figure value
/// (inline SVG with a text description); `save(fig, "file.svg")` writes one.
enum FigureBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            name: "heatmap", signature: "heatmap(t, title:)",
            doc: "A heatmap of a 2-D tensor (rows × columns; a vector is one row), colour by value. Large tensors are block-averaged to fit.",
            labels: ["title"]
        ) { args, session in
            let t = try args.tensor(at: 0)
            let title = try args.string(label: "title") ?? "Heatmap"
            try args.finish()
            let (rows, columns): (Int, Int)
            switch t.rank {
            case 1: (rows, columns) = (1, t.count)
            case 2: (rows, columns) = (t.shape[0], t.shape[1])
            default:
                throw LanguageError.shape("heatmap() takes a 2-D tensor, not shape \(Tensor.describe(shape: t.shape)); pick a slice such as t[0, :, :]",
                                          at: args.rangeOf(argument: 0))
            }
            return try figure(args) { try Heatmap(values: t.storage, rows: rows, columns: columns, title: title) }
        })

        table.register(Builtin(
            name: "sparsity", signature: "sparsity(r)",
            doc: "The soft weights of a QAMA result's best sample as a heads × tokens heatmap: which tokens each head keeps."
        ) { args, session in
            let (result, h) = try QAMABuiltins.qamaResult(&args, at: 0)
            try args.finish()
            let w = try decode(args) { try h.layout.weights(result.best) }
            return try figure(args) { try Heatmap.sparsity(weights: w, heads: h.layout.heads, tokens: h.layout.tokens) }
        })

        table.register(Builtin(
            name: "histogram", signature: "histogram(r)",
            doc: "The distribution of a result's read energies, with the best marked."
        ) { args, session in
            let r = try result(&args, at: 0)
            try args.finish()
            let s = r.samples
            return try figure(args) {
                try Histogram(values: s.energies, counts: s.occurrences, title: "Energy histogram · \(label(r))")
            }
        })

        table.register(Builtin(
            name: "trace", signature: "trace(r)",
            doc: "The best energy (and the mean over reads, when recorded) as the solver ran, per recorded step."
        ) { args, session in
            let r = try result(&args, at: 0)
            try args.finish()
            let s = r.samples
            guard !s.trace.isEmpty else {
                throw LanguageError.value("trace(): \(s.solver) recorded no energy trace for this result", at: args.rangeOf(argument: 0))
            }
            let mean = s.meanTrace.count == s.trace.count ? s.meanTrace : []
            let steps = s.traceSteps.count == s.trace.count ? s.traceSteps : nil
            return try figure(args) {
                try TracePlot(best: s.trace, mean: mean, steps: steps, title: "Energy trace · \(label(r))",
                              stepLabel: steps == nil ? "record" : s.traceUnit)
            }
        })

        table.register(Builtin(
            name: "landscape", signature: "landscape(m, r)",
            doc: """
            Energy against Hamming distance from a result's best state: for each distance d = 1…min(n, 32), 64 random \
            sets of d flipped variables (drawn from the session stream), showing the lowest, mean and highest energy. \
            Uses the param values the result was solved with.
            """
        ) { args, session in
            let model = try ModelArgument.handle(&args, at: 0, session: session)
            let r = try result(&args, at: 1)
            try args.finish()
            guard r.model === model || r.n == model.variableCount else {
                throw LanguageError.value("landscape(): the result has \(r.n) variables but the model \(model.variableCount)",
                                          at: args.rangeOf(argument: 1))
            }
            let profile: LandscapeSampler.Profile, best: Double, trials: Int
            if model.builtModel == nil, let qama = model.qama {
                // Not expanded: flips on the structured form (StructuredLandscape.swift).
                let problem = try decode(args) { try qama.structuredProblem(params: r.params) }
                let drawn = LandscapeSampler.profile(structured: problem, around: r.best.map { $0 > 0 ? 1 : 0 }, seed: session.nextSeed())
                profile = drawn.profile
                best = drawn.base
                trials = LandscapeSampler.defaultTrials
            } else {
                let problem = try decode(args) { try model.isingProblem(params: r.params) }
                let spins = r.best.map { r.model.vartype == .binary ? ($0 > 0 ? Int8(1) : -1) : $0 }
                let sampler = LandscapeSampler(problem: problem)
                profile = sampler.profile(around: spins, seed: session.nextSeed())
                best = problem.energy(spins)
                trials = sampler.trials
            }
            return try figure(args) {
                try LandscapePlot(distances: profile.distances.map(Double.init), minimum: profile.minimum, mean: profile.mean,
                                  maximum: profile.maximum, best: best,
                                  counts: profile.distances.map { _ in trials }, title: "Energy landscape · \(label(r))")
            }
        })

        table.register(Builtin(
            name: "compare", signature: "compare(r1, r2, ...)",
            doc: "Results side by side: energy spread and distributions, and the best samples' energy split by term."
        ) { args, session in
            let all = args.rest(from: 0)
            guard !all.isEmpty else { throw LanguageError.type("compare() needs at least one Result", at: args.callRange) }
            var results: [SolveResult] = []
            for (k, a) in all.enumerated() {
                guard case .library(let r as ResultValue) = a.value else {
                    throw LanguageError.type("compare() argument \(k + 1) must be a Result, not \(a.value.typeName)", at: a.range ?? args.callRange)
                }
                results.append(r.result)
            }
            try args.finish()
            var labels = results.map(label)
            let counts = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +)
            for k in labels.indices where counts[labels[k]]! > 1 { labels[k] += " #\(k + 1)" }
            // No wall times: a saved notebook must be the same bytes on every run.
            let entries = zip(labels, results).map { name, r in
                ComparisonPlot.Entry(label: name, energies: r.samples.energies,
                                     terms: r.terms.filter { !$0.isConstraint }.map { NamedValue($0.name, $0.energy) })
            }
            return try figure(args) { try ComparisonPlot(entries) }
        })

        table.register(Builtin(
            name: "plot", signature: "plot(s)",
            doc: "The figure of a sweep: energy by term and the decoded sparsity against the swept param."
        ) { args, session in
            let v = try args.value(at: 0, "sweep")
            try args.finish()
            guard case .library(let s as SweepValue) = v else {
                throw LanguageError.type("plot() takes a Sweep (from sweep(m, γ, values, solver)), not \(v.typeName)", at: args.rangeOf(argument: 0))
            }
            return .library(try s.figure())
        })
    }

    /// "sa · 32 reads", from the solver's parameters.
    static func label(_ r: SolveResult) -> String {
        let p = Dictionary(r.samples.parameters, uniquingKeysWith: { a, _ in a })
        switch r.samples.solver {
        case "sa": return "sa · \(p["reads"] ?? "\(r.reads)") reads"
        case "sb": return "sb \(p["mode"] ?? "") · \(p["agents"] ?? "\(r.reads)") agents"
        case "cim": return "cim · \(p["samples"] ?? "\(r.reads)") samples"
        default: return r.samples.solver
        }
    }

    static func result(_ args: inout CallArguments, at i: Int) throws -> SolveResult {
        let v = try args.value(at: i, "result")
        guard case .library(let r as ResultValue) = v else {
            throw LanguageError.type("\(args.callee)() argument \(i + 1) must be a Result of solve(), not \(v.typeName)", at: args.rangeOf(argument: i))
        }
        return r.result
    }

    private static func figure(_ args: CallArguments, _ build: () throws -> any Figure) throws -> Value {
        do { return try FigureValue.make(build) } catch let e as LanguageError { throw e.located(args.callRange) }
    }

    private static func decode<T>(_ args: CallArguments, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw LibraryErrors.language(error).located(args.callRange) }
    }
}
