import IsingCore
import IsingSolvers

/// Which form `sa(layout:)` anneals a model in: "structured" (a `qama(...)` model's low-rank / token-level
/// form, `StructuredSimulatedAnnealing`), "generic" (every coupling written out, `SimulatedAnnealing`), or
/// "auto" (the default: `StructuredSolve.prefersStructured`).
enum SolveLayout: String, CaseIterable, Sendable {
    case auto, structured, generic
}

/// `solve(m, sa(...))` on the structured form of a QAMA model: the same seeds, schedule, progress display,
/// interrupt (with the completed reads kept), traces and thread-count independence as the generic SA, without
/// writing a coupling out.
enum StructuredSolve {
    /// The QAMA model to anneal in structured form, or nil for the generic path. A "structured" layout on a
    /// model that is not a `qama(...)` model is an error.
    static func chooses(_ model: ModelHandle, _ solver: SolverValue) throws -> StructuredQAMAModel? {
        guard let layout = solver.layout, layout != .generic, solver.solver is SimulatedAnnealing else { return nil }
        guard let qama = model.qama else {
            if layout == .structured {
                throw LanguageError.value("sa(layout: \"structured\") anneals qama(...) models only, and this model is \(model.kind); "
                                          + "use layout: \"generic\" or \"auto\"")
            }
            return nil
        }
        return layout == .structured || prefersStructured(qama) ? qama : nil
    }

    /// The "auto" rule: structured when the model was too large to expand at build time (more than
    /// `StructuredQAMAModel.eagerCouplingLimit` couplings; smaller ones, which every saved notebook uses, keep
    /// the generic path and their outputs) and a structured sweep is the cheaper one. Per attempt the generic
    /// annealer reads a row, 1 + 2·couplings/n entries on average; the structured v2 annealer reads 2·d' Floats
    /// (d' = d rounded up to 8), so structured wins when 2·d'·n < n + 2·couplings, i.e. roughly d' < N/2. In v1 an
    /// attempt is O(1) and a flip O(N) against O(N·q) in the generic form: always cheaper.
    static func prefersStructured(_ qama: StructuredQAMAModel) -> Bool {
        guard qama.expandedCouplingCount > StructuredQAMAModel.eagerCouplingLimit else { return false }
        let l = qama.layout
        switch qama.form {
        case .v1: return true
        case .v2:
            let n = Double(l.variableCount), padded = Double((l.features + 7) / 8 * 8)
            return 2 * padded * n < n + 2 * Double(qama.expandedCouplingCount)
        }
    }

    /// Elementary operations a structured solve takes, for the progress display's decision (never the clock).
    static func work(_ qama: StructuredQAMAModel, _ annealer: SimulatedAnnealing) -> Double {
        let l = qama.layout, runs = Double(annealer.reads) * Double(annealer.sweeps) * Double(l.variableCount)
        switch qama.form {
        case .v2: return runs * Double(2 * ((l.features + 7) / 8 * 8))
        case .v1: return runs * (4 + Double(l.tokens) / 8)  // O(1) attempts, O(N) for the flips that are accepted
        }
    }

    static func solve(_ qama: StructuredQAMAModel, model: ModelHandle, with solver: SolverValue, params: [String: Double],
                      session: Session, showProgress: Bool) throws -> SolveResult {
        guard let annealer = solver.solver as? SimulatedAnnealing else { preconditionFailure("structured solves are sa()'s") }
        try Allocation.check(bytes: qama.structuredBytes, "the structured form of this QAMA model")
        let problem = try qama.structuredProblem(params: params)
        let engine = StructuredSimulatedAnnealing(reads: annealer.reads, sweeps: annealer.sweeps, betaRange: annealer.betaRange,
                                                  schedule: annealer.schedule, seed: annealer.seed, threads: annealer.threads)
        let runner = SolveRunner(label: solver.label + " · structured",
                                 showsProgress: showProgress && work(qama, annealer) > SolverValue.progressThreshold,
                                 output: session.output, isInterrupted: session.cancellationCheck)
        let samples: SampleSet
        do {
            samples = try runner.run({ control in
                switch problem {
                case .v2(let p): return try engine.solve(p, control: control)
                case .v1(let p): return try engine.solve(p, control: control)
                }
            }) { samples in
                let best = samples.energies.min().map { " · best energy " + NumberFormat.short($0) } ?? ""
                return "\(solver.label) · structured · done\(best)"
            }
        } catch {
            if let cancelled = error as? SolveCancelled, let partial = cancelled.partial {
                InterruptedResult.keep(SolveResult(model: model, spins: partial, params: params, solver: solver.description), session: session)
            }
            throw error
        }
        return SolveResult(model: model, spins: samples, params: params, solver: solver.description)
    }

    /// A solve's expected work without expanding a model that the solve would not expand either.
    static func estimatedWork(_ model: ModelHandle, _ solver: SolverValue, params: [String: Double]) -> Double {
        if let qama = try? chooses(model, solver), let annealer = solver.solver as? SimulatedAnnealing {
            return work(qama, annealer)
        }
        return (try? model.isingProblem(params: params)).map(solver.work) ?? 0
    }
}
