import Foundation
import IsingCore
import IsingSolvers

/// `pt(...)` (replica exchange) and `pa(...)` (population annealing): Solver values for `solve`, `sweep`, `tts`.
enum TemperingBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register([pt, pa])
    }

    static var pt: Builtin {
        let defaults = ParallelTempering()
        let replicas = Param.positive("replicas", default: defaults.replicas), sweeps = Param.positive("sweeps", default: defaults.sweeps)
        let beta = Param.betaRange(positive: true), reads = Param.positive("reads", default: defaults.reads)
        let seed = Param.seed, threads = Param.threads
        return Builtin("pt", [replicas, sweeps, beta, reads, seed, threads], doc: """
            Parallel tempering (replica exchange): `replicas` Metropolis chains on a geometric β ladder from hot to \
            cold, neighbouring temperatures exchanged after every sweep (even and odd pairs in turn); each read \
            returns the lowest state any replica visited. The default β range is sa()'s. `reads` independent runs \
            spread over `threads` with per-read streams, so results depend on the seed only; the result's \
            parameters show the exchange acceptance along the ladder (tune the ladder until none is near 0).
            """
        ) { args, _ in
            let replicas = try args[replicas], sweeps = try args[sweeps], beta = try args[beta], reads = try args[reads]
            let seed = try args[seed], threads = try args[threads]
            let solver = ParallelTempering(reads: reads, replicas: replicas, sweeps: sweeps, betaRange: beta, seed: seed,
                                           threads: threads ?? defaults.threads)
            let description = SolverDescription(
                name: "pt", label: "pt · \(replicas) replicas",
                settings: SolverSettings([.fixed("replicas", .int(replicas)), .fixed("sweeps", .int(sweeps)), .fixed("beta", .optional(beta)),
                           .fixed("reads", .int(reads)), .seed(seed)]
                    + (threads.map { [Setting.threads($0)] } ?? [])))
            return .library(SolverValue(solver: solver, description: description,
                                       work: { p in Double(reads * replicas) * Double(sweeps) * Double(p.n + p.columns.count) }))
        }
    }

    static var pa: Builtin {
        let defaults = PopulationAnnealing()
        let population = Param.positive("population", default: defaults.population)
        let sweeps = Param.positive("sweeps", default: defaults.sweeps), steps = Param<Int?>.integer("steps", "default: sweeps/10")
        let beta = Param.betaRange(), schedule = Param.choice("schedule", default: defaults.schedule)
        let seed = Param.seed, threads = Param.threads
        return Builtin("pa", [population, sweeps, steps, beta, schedule, seed, threads], doc: """
            Population annealing (Machta; Wang, Machta & Katzgraber 2015): a population of replicas cooled through \
            `steps` β values (default sweeps/10), resampled at each step in proportion to exp(−Δβ·E) (systematic \
            resampling, population kept fixed), then Metropolis sweeps — `sweeps` per member in all. Returns the \
            final population (and the best state seen, when no member holds it); the parameters show how many \
            initial families survive. The default β range is sa()'s; results depend on the seed only.
            """
        ) { args, _ in
            let population = try args[population], sweeps = try args[sweeps], steps = try args[steps]
            let beta = try args[beta], schedule = try args[schedule], seed = try args[seed], threads = try args[threads]
            if let steps, !(1...sweeps).contains(steps) {
                throw LanguageError.value("pa() steps: must be between 1 and sweeps (\(sweeps)), got \(steps)", at: args.rangeOf(label: "steps"))
            }
            let solver = PopulationAnnealing(population: population, sweeps: sweeps, steps: steps, betaRange: beta,
                                             schedule: schedule, seed: seed, threads: threads ?? defaults.threads)
            let description = SolverDescription(
                name: "pa", label: "pa · population \(population)",
                settings: SolverSettings([.fixed("population", .int(population)), .fixed("sweeps", .int(sweeps)),
                           .fixed("steps", .int(steps ?? PopulationAnnealing.defaultSteps(sweeps: sweeps))),
                           .fixed("beta", .optional(beta)), .fixed("schedule", .text(schedule.rawValue)), .seed(seed)]
                    + (threads.map { [Setting.threads($0)] } ?? [])))
            return .library(SolverValue(solver: solver, description: description,
                                       work: { p in Double(population) * Double(sweeps) * Double(p.n + p.columns.count) }))
        }
    }
}
