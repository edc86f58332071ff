import Foundation
import IsingCore
import IsingSolvers
import Synchronization

/// `tts(m, solver, target:, runs:, confidence:)` and `tts(m, [solver, …], …)`: time to target with intervals.
enum TimeToTargetBuiltin {
    static func register(into table: inout BuiltinTable) {
        let m = Param.model(), solvers = Param<Value>.value(at: "solver or [solvers]")
        let target = Param<Double>.number(required: "target", missing: "tts() needs target: (the energy a run must reach)")
        let runs = Param.positive("runs", default: TimeToTarget.defaultRuns)
        let confidence = Param.number("confidence", default: TimeToTarget.defaultConfidence)
        table.register(Builtin("tts", [m, solvers, target, runs, confidence], doc: """
            Time to target: each solver solves m `runs` times (run r with a seed derived from the solver's seed and r); \
            a run succeeds when its best energy is ≤ target. Shows per solver the successes, p with its exact \
            (Clopper–Pearson) interval, and TTS99 = t·ln 0.01/ln(1 − p) with the interval p's interval gives, with t \
            in sweeps (all chains of one solve: reads × sweeps, replicas × sweeps, population × sweeps), plus the \
            time-to-target curves over the sweep budget. Wall-clock times are members (t.tts, t.seconds: t = the mean \
            measured seconds of one solve), never in the display, so saved notebooks reproduce. Solvers: sa(), pt(), \
            pa(). Interrupting keeps the runs done.
            """
        ) { args, session in
            let model = try args[m], solverArgument = try args[solvers]
            let target = try args[target], runs = try args[runs], confidence = try args[confidence]
            guard target.isFinite else { throw LanguageError.value("tts() target: must be a finite energy", at: args.rangeOf(label: "target")) }
            guard confidence > 0 && confidence < 1 else {
                throw LanguageError.value("tts() confidence: must be between 0 and 1, got \(NumberFormat.format(confidence))",
                                          at: args.rangeOf(label: "confidence"))
            }
            let candidates: [Value]
            if case .array(let items) = solverArgument { candidates = items } else { candidates = [solverArgument] }
            guard !candidates.isEmpty else { throw LanguageError.value("tts() needs at least one solver", at: args.rangeOf(argument: 1)) }
            var solvers: [(value: SolverValue, engine: any SweepBudgeted)] = []
            for c in candidates {
                guard case .library(let s as SolverValue) = c, let engine = s.solver as? any SweepBudgeted else {
                    let got = { if case .library(let s as SolverValue) = c { return "\(s.name)()" } else { return c.typeName } }()
                    throw LanguageError.type("tts() times solvers with a sweep budget — sa(), pt(), pa() — not \(got)",
                                             at: args.rangeOf(argument: 1))
                }
                solvers.append((s, engine))
            }
            let problem = try model.isingProblem(params: session.paramValues)
            let work = Double(runs) * solvers.reduce(0) { $0 + $1.value.work(problem) }
            let total = runs * solvers.count
            let label = "tts · \(total) runs"
            let runner = SolveRunner(label: label, showsProgress: work > SolverValue.progressThreshold, output: session.output,
                                     isInterrupted: session.cancellationCheck)
            let engines = solvers.map(\.engine)
            let measurements = try runner.run({ control in
                try measureAll(engines, problem: problem, target: target, runs: runs, control: control)
            }, finalLine: { ms in
                let done = ms.reduce(0) { $0 + $1.runs.count }
                return done < total ? "\(label) · interrupted after \(done)" : "\(label) · done"
            })
            let done = measurements.reduce(0) { $0 + $1.runs.count }
            if done < total {
                session.print("tts(): interrupted after \(done) of \(total) runs; the estimates use the runs done")
            }
            guard done > 0 else { throw LanguageError.interrupted(at: args.callRange) }
            var entries: [TimeToTargetValue.Entry] = []
            for (k, m) in measurements.enumerated() where !m.runs.isEmpty {
                entries.append(.init(solver: solvers[k].value, sweepsPerRun: solvers[k].engine.sweepsPerSolve, measurement: m))
            }
            return .library(TimeToTargetValue(target: target, confidence: confidence, entries: entries))
        })
    }

    /// Every solver's runs in turn, progress as the fraction of all runs (the current run's own fraction
    /// added to the runs finished); stops at an interrupt, keeping what was measured.
    static func measureAll(_ solvers: [any SweepBudgeted], problem: IsingProblem, target: Double, runs: Int,
                           control: SolveControl) throws -> [TimeToTarget.Measurement] {
        let total = Double(runs * solvers.count)
        let finished = RunCount()
        let child = SolveControl(progress: { p in
            control.report(SolveProgress(fraction: min(1, (Double(finished.value) + p.fraction) / total), bestEnergy: p.bestEnergy))
        }, isCancelledExternally: { control.isCancelled })
        var out: [TimeToTarget.Measurement] = []
        for solver in solvers {
            let m = try TimeToTarget.measure(solver, problem: problem, target: target, runs: runs, control: child,
                                             afterRun: { _ in finished.add() })
            out.append(m)
            if m.interrupted { break }
        }
        return out
    }
}

/// Runs finished so far, read by the progress callback on the solver's threads.
private final class RunCount: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add() { count.withLock { $0 += 1 } }
}
