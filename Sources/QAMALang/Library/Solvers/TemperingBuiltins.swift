import Foundation
import IsingCore
import IsingSolvers

/// `pt(...)` (replica exchange) and `pa(...)` (population annealing): Solver values for `solve`, `sweep`, `tts`.
enum TemperingBuiltins {
    static func register(into table: inout BuiltinTable) {
        let ptDefaults = ParallelTempering()
        table.register(Builtin(
            name: "pt",
            signature: "pt(replicas: \(ptDefaults.replicas), sweeps: \(ptDefaults.sweeps), beta: [hot, cold], reads: \(ptDefaults.reads), seed:, threads:)",
            doc: """
            Parallel tempering (replica exchange): `replicas` Metropolis chains on a geometric β ladder from hot to \
            cold, neighbouring temperatures exchanged after every sweep (even and odd pairs in turn); each read \
            returns the lowest state any replica visited. The default β range is sa()'s. `reads` independent runs \
            spread over `threads` with per-read streams, so results depend on the seed only; the result's \
            parameters show the exchange acceptance along the ladder (tune the ladder until none is near 0).
            """,
            labels: ["replicas", "sweeps", "beta", "reads", "seed", "threads"]
        ) { args, session in
            let replicas = try SolverArguments.positive(&args, "replicas", default: ptDefaults.replicas)
            let sweeps = try SolverArguments.positive(&args, "sweeps", default: ptDefaults.sweeps)
            let beta = try SolverArguments.betaRange(&args, positive: true)
            let reads = try SolverArguments.positive(&args, "reads", default: ptDefaults.reads)
            let seed = try SolverArguments.seed(&args, session: session)
            let threads = try SolverArguments.threads(&args)
            try args.finish()
            let solver = ParallelTempering(reads: reads, replicas: replicas, sweeps: sweeps, betaRange: beta, seed: seed,
                                           threads: threads ?? ptDefaults.threads)
            let settings: [(String, String)] = [
                ("replicas", "\(replicas)"), ("sweeps", "\(sweeps)"), ("beta", SolverArguments.show(beta)),
                ("reads", "\(reads)"), ("seed", "\(seed)"),
            ] + (threads.map { [("threads", "\($0)")] } ?? [])
            return .library(SolverValue(solver: solver, settings: settings, label: "pt · \(replicas) replicas",
                                       work: { p in Double(reads * replicas) * Double(sweeps) * Double(p.n + p.columns.count) }))
        })

        let paDefaults = PopulationAnnealing()
        table.register(Builtin(
            name: "pa",
            signature: "pa(population: \(paDefaults.population), sweeps: \(paDefaults.sweeps), steps:, beta: [hot, cold], schedule: \"geometric\" | \"linear\", seed:, threads:)",
            doc: """
            Population annealing (Machta; Wang, Machta & Katzgraber 2015): a population of replicas cooled through \
            `steps` β values (default sweeps/10), resampled at each step in proportion to exp(−Δβ·E) (systematic \
            resampling, population kept fixed), then Metropolis sweeps — `sweeps` per member in all. Returns the \
            final population (and the best state seen, when no member holds it); the parameters show how many \
            initial families survive. The default β range is sa()'s; results depend on the seed only.
            """,
            labels: ["population", "sweeps", "steps", "beta", "schedule", "seed", "threads"]
        ) { args, session in
            let population = try SolverArguments.positive(&args, "population", default: paDefaults.population)
            let sweeps = try SolverArguments.positive(&args, "sweeps", default: paDefaults.sweeps)
            let steps = try args.int(label: "steps")
            let beta = try SolverArguments.betaRange(&args)
            let schedule = try args.choice(label: "schedule", AnnealingSchedule.allCases.map(\.rawValue)) ?? paDefaults.schedule.rawValue
            let seed = try SolverArguments.seed(&args, session: session)
            let threads = try SolverArguments.threads(&args)
            try args.finish()
            if let steps, !(1...sweeps).contains(steps) {
                throw LanguageError.value("pa() steps: must be between 1 and sweeps (\(sweeps)), got \(steps)", at: args.rangeOf(label: "steps"))
            }
            let solver = PopulationAnnealing(population: population, sweeps: sweeps, steps: steps, betaRange: beta,
                                             schedule: AnnealingSchedule(rawValue: schedule)!, seed: seed,
                                             threads: threads ?? paDefaults.threads)
            let settings: [(String, String)] = [
                ("population", "\(population)"), ("sweeps", "\(sweeps)"),
                ("steps", "\(steps ?? PopulationAnnealing.defaultSteps(sweeps: sweeps))"),
                ("beta", SolverArguments.show(beta)), ("schedule", schedule), ("seed", "\(seed)"),
            ] + (threads.map { [("threads", "\($0)")] } ?? [])
            return .library(SolverValue(solver: solver, settings: settings, label: "pa · population \(population)",
                                       work: { p in Double(population) * Double(sweeps) * Double(p.n + p.columns.count) }))
        })
    }
}
