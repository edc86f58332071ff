import Foundation
import IsingCore
import IsingSolvers

/// `gap(m, beta:)` and `gap(m, betas: [...])`: the spectral gap of single-spin-flip Metropolis on a small model.
enum SpectralGapBuiltin {
    static func register(into table: inout BuiltinTable) {
        let m = Param.model(), beta = Param<Double?>.number("beta", shown: "b")
        let betas = Param<Tensor?>.tensor("betas", shown: "[b1, b2, …]"), threads = Param.threads
        table.register(Builtin("gap", [m, beta, betas, threads], doc: """
            The spectral gap δ = 1 − λ₂ of the random-scan single-spin-flip Metropolis chain on m at inverse \
            temperature β (pick one of the n spins uniformly, flip it with probability min(1, e^(−βΔE))), and the \
            relaxation time 1/(n·δ) in sweeps — the quantity the QAMA paper bounds time to solution with. With \
            `betas:` it is a curve along a schedule, drawn with its minimum marked. Lanczos on the 2^n-state \
            chain (symmetrised with √π): models up to \(SpectralGap.maxSpins) spins; gaps below \
            \(NumberFormat.format(SpectralGap.resolution)) are beyond double precision and shown as such.
            """
        ) { args, session in
            let model = try args[m], single = try args[beta], curve = try args[betas], threads = try args[threads]
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
            let problem = try model.isingProblem(params: session.paramValues)
            try SpectralGap.check(problem)
            // About 300 Lanczos steps of 2^n · n entries each, per β.
            let work = Double(betas.count) * 300 * Double(1 << problem.n) * Double(problem.n)
            let runner = SolveRunner(label: "gap · \(problem.n) spins · \(betas.count) β", showsProgress: work > SolverValue.progressThreshold,
                                     output: session.output, isInterrupted: session.cancellationCheck)
            let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
            let estimates = try runner.run({ control in
                try SpectralGap.estimates(problem, betas: betas, threads: cores, control: control)
            }, finalLine: { _ in "gap · \(problem.n) spins · \(betas.count) β · done" })
            return .library(GapValue(n: problem.n, estimates: estimates, isCurve: single == nil))
        })
    }
}
