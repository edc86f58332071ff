import Foundation
import IsingCore
import IsingSolvers

/// `gap(m, beta:)` and `gap(m, betas: [...])`: the spectral gap of single-spin-flip Metropolis on a small model.
enum SpectralGapBuiltin {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            name: "gap",
            signature: "gap(m, beta: b) or gap(m, betas: [b1, b2, …], threads:)",
            doc: """
            The spectral gap δ = 1 − λ₂ of the random-scan single-spin-flip Metropolis chain on m at inverse \
            temperature β (pick one of the n spins uniformly, flip it with probability min(1, e^(−βΔE))), and the \
            relaxation time 1/(n·δ) in sweeps — the quantity the QAMA paper bounds time to solution with. With \
            `betas:` it is a curve along a schedule, drawn with its minimum marked. Lanczos on the 2^n-state \
            chain (symmetrised with √π): models up to \(SpectralGap.maxSpins) spins; gaps below \
            \(NumberFormat.format(SpectralGap.resolution)) are beyond double precision and shown as such.
            """,
            labels: ["beta", "betas", "threads"]
        ) { args, session in
            let model = try ModelArgument.handle(&args, at: 0, session: session)
            let single = try args.number(label: "beta")
            let curve = try args.tensor(label: "betas")
            let threads = try SolverArguments.threads(&args)
            try args.finish()
            let betas: [Double]
            switch (single, curve) {
            case (let b?, nil): betas = [b]
            case (nil, let t?): betas = t.storage
            default:
                throw LanguageError.value("gap() needs either beta: (one inverse temperature) or betas: (a list), not both or neither",
                                          at: args.callRange)
            }
            let label = single != nil ? "beta" : "betas"
            guard !betas.isEmpty, betas.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw LanguageError.value("gap() \(label): must be finite, non-negative inverse temperatures", at: args.rangeOf(label: label))
            }
            let problem: IsingProblem
            do {
                problem = try model.isingProblem(params: session.paramValues)
                try SpectralGap.check(problem)
            } catch {
                throw LibraryErrors.language(error).located(args.callRange)
            }
            // About 300 Lanczos steps of 2^n · n entries each, per β.
            let work = Double(betas.count) * 300 * Double(1 << problem.n) * Double(problem.n)
            let runner = SolveRunner(label: "gap · \(problem.n) spins · \(betas.count) β", showsProgress: work > SolverValue.progressThreshold,
                                     output: session.output, isInterrupted: session.cancellationCheck)
            let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
            do {
                let estimates = try runner.run({ control in
                    try SpectralGap.estimates(problem, betas: betas, threads: cores, control: control)
                }, finalLine: { _ in "gap · \(problem.n) spins · \(betas.count) β · done" })
                return .library(GapValue(n: problem.n, estimates: estimates, isCurve: single == nil))
            } catch {
                throw LibraryErrors.language(error).located(args.callRange)
            }
        })
    }
}
