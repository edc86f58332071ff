import Figures
import IsingCore

/// `heatmap`, `sparsity`, `histogram`, `trace`, `landscape`, `compare`, `plot`. Each returns a Figure value
/// (inline SVG with a text description); `save(fig, "file.svg")` writes one.
enum FigureBuiltins {
    static func register(into table: inout BuiltinTable) {
        let heatmapTitle = "Heatmap"
        let t = Param<Tensor>.tensor(at: "t"), title = Param<String?>.string("title", "default: \"\(heatmapTitle)\"")
        table.register(Builtin(
            "heatmap", [t, title],
            doc: "A heatmap of a 2-D tensor (rows × columns; a vector is one row), colour by value. Large tensors are block-averaged to fit."
        ) { args, session in
            let t = try args[t]
            let title = try args[title] ?? heatmapTitle
            let (rows, columns): (Int, Int)
            switch t.rank {
            case 1: (rows, columns) = (1, t.count)
            case 2: (rows, columns) = (t.shape[0], t.shape[1])
            default:
                throw LanguageError.shape("heatmap() takes a 2-D tensor, not shape \(Tensor.describe(shape: t.shape)); pick a slice such as t[0, :, :]",
                                          at: args.rangeOf(argument: 0))
            }
            return try FigureValue.make { try Heatmap(values: t.storage, rows: rows, columns: columns, title: title) }
        })

        let qamaResult = Param<QAMAResult>.qamaResult(at: "r")
        table.register(Builtin(
            "sparsity", [qamaResult],
            doc: "The soft weights of a QAMA result's best sample as a heads × tokens heatmap: which tokens each head keeps."
        ) { args, session in
            let (result, h) = try args[qamaResult]
            let w = try h.layout.weights(result.best)
            return try FigureValue.make { try Heatmap.sparsity(weights: w, heads: h.layout.heads, tokens: h.layout.tokens) }
        })

        let r = Param<SolveResult>.result(at: "r")
        table.register(Builtin(
            "histogram", [r],
            doc: "The distribution of a result's read energies, with the best marked."
        ) { args, session in
            let r = try args[r]
            let s = r.samples
            return try FigureValue.make {
                try Histogram(values: s.energies, counts: s.occurrences, title: "Energy histogram · \(label(r))")
            }
        })

        table.register(Builtin(
            "trace", [r],
            doc: "The best energy (and the mean over reads, when recorded) as the solver ran, per recorded step."
        ) { args, session in
            let r = try args[r]
            let s = r.samples
            guard !s.trace.isEmpty else {
                throw LanguageError.value("trace(): \(s.solver) recorded no energy trace for this result", at: args.rangeOf(argument: 0))
            }
            let mean = s.meanTrace.count == s.trace.count ? s.meanTrace : []
            let steps = s.traceSteps.count == s.trace.count ? s.traceSteps : nil
            return try FigureValue.make {
                try TracePlot(best: s.trace, mean: mean, steps: steps, title: "Energy trace · \(label(r))",
                              stepLabel: steps == nil ? "record" : s.traceUnit)
            }
        })

        let m = Param.model()
        table.register(Builtin("landscape", [m, r], doc: """
            Energy against Hamming distance from a result's best state: for each distance d = 1…min(n, 32), 64 random \
            sets of d flipped variables (drawn from the session stream), showing the lowest, mean and highest energy. \
            Uses the param values the result was solved with.
            """
        ) { args, session in
            let model = try args[m], r = try args[r]
            guard r.model === model || r.n == model.variableCount else {
                throw LanguageError.value("landscape(): the result has \(r.n) variables but the model \(model.variableCount)",
                                          at: args.rangeOf(argument: 1))
            }
            let profile: LandscapeSampler.Profile, best: Double, trials: Int
            if model.builtModel == nil, let qama = model.qama {
                // Not expanded: flips on the structured form (StructuredLandscape.swift).
                let problem = try qama.structuredProblem(params: r.params)
                let drawn = LandscapeSampler.profile(structured: problem, around: r.best.map { $0 > 0 ? 1 : 0 }, seed: session.nextSeed())
                profile = drawn.profile
                best = drawn.base
                trials = LandscapeSampler.defaultTrials
            } else {
                let problem = try model.isingProblem(params: r.params)
                let spins = r.best.map { r.model.vartype == .binary ? ($0 > 0 ? Int8(1) : -1) : $0 }
                let sampler = LandscapeSampler(problem: problem)
                profile = sampler.profile(around: spins, seed: session.nextSeed())
                best = problem.energy(spins)
                trials = sampler.trials
            }
            return try FigureValue.make {
                try LandscapePlot(distances: profile.distances.map(Double.init), minimum: profile.minimum, mean: profile.mean,
                                  maximum: profile.maximum, best: best,
                                  counts: profile.distances.map { _ in trials }, title: "Energy landscape · \(label(r))")
            }
        })

        let results = Param<[CallArguments.Argument]>.rest("r1, r2, ...", kind: .library("Result"))
        table.register(Builtin(
            "compare", [results],
            doc: "Results side by side: energy spread and distributions, and the best samples' energy split by term."
        ) { args, session in
            let all = try args[results]
            guard !all.isEmpty else { throw LanguageError.type("compare() needs at least one Result", at: args.callRange) }
            var solved: [SolveResult] = []
            for (k, a) in all.enumerated() {
                guard case .library(let r as ResultValue) = a.value else {
                    throw LanguageError.type("compare() argument \(k + 1) must be a Result, not \(a.value.typeName)", at: a.range ?? args.callRange)
                }
                solved.append(r.result)
            }
            var labels = solved.map(label)
            let counts = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +)
            for k in labels.indices where counts[labels[k]]! > 1 { labels[k] += " #\(k + 1)" }
            // No wall times: a saved notebook must be the same bytes on every run.
            let entries = zip(labels, solved).map { name, r in
                ComparisonPlot.Entry(label: name, energies: r.samples.energies,
                                     terms: r.terms.filter { !$0.isConstraint }.map { NamedValue($0.name, $0.energy) })
            }
            return try FigureValue.make { try ComparisonPlot(entries) }
        })

        let sweep = Param<Value>.value(at: "s", kind: .library("Sweep"))
        table.register(Builtin(
            "plot", [sweep],
            doc: "The figure of a sweep: energy by term and the decoded sparsity against the swept param."
        ) { args, session in
            let v = try args[sweep]
            guard case .library(let s as SweepValue) = v else {
                throw LanguageError.type("plot() takes a Sweep (from sweep(m, γ, values, solver)), not \(v.typeName)", at: args.rangeOf(argument: 0))
            }
            return .library(try s.figure())
        })
    }

    /// "sa · 32 reads": how the solver that made `r` titles its results (SolverDescription.title).
    static func label(_ r: SolveResult) -> String { r.solver.title }
}
