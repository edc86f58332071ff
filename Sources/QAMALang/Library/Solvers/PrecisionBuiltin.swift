import CIMMachine
import IsingCore
import IsingSolvers

/// `precision(m, bits:, encoding:, profile:, seed:)`: what a machine's coefficient precision does to a
/// model, before any machine time is spent (the same report every `cim` solve shows).
enum PrecisionBuiltin {
    static func register(into table: inout BuiltinTable) {
        let simulator = MachineProfile.simulator.precision
        table.register(Builtin(
            name: "precision",
            signature: "precision(m, bits: \(simulator.bits), encoding: \"\(simulator.encoding.rawValue)\" | \"qubo\", profile: \"\(MachineProfile.names.replacingOccurrences(of: ", ", with: "\" | \""))\", seed:)",
            doc: """
            What quantising a model to a machine's integer precision does to it: one machine step in the model's units, \
            the dynamic range the model needs, how many fields and couplings round to 0, the relative error of the rest, \
            and whether the quantised problem's best state is still the original's (each scored under both; by every \
            state up to \(PrecisionReport.exactLimit) variables, else by simulated annealing on each). `encoding: "qubo"` \
            quantises the QUBO matrix, as the CPQC-550 is programmed; `profile:` takes a machine's bits and encoding. \
            Shows a table and a small figure; members: scale, range, fields_zeroed, couplings_zeroed, coupling_error, \
            field_error, error, kept, gap, figure. The seed (annealing only) defaults to a draw from the session stream.
            """,
            labels: ["bits", "encoding", "profile", "seed"]
        ) { args, session in
            let model = try ModelArgument.handle(&args, at: 0, session: session)
            let bits = try args.int(label: "bits")
            let encoding = try args.choice(label: "encoding", CouplingPrecision.Encoding.allCases.map(\.rawValue))
            let profileName = try args.choice(label: "profile", MachineProfile.all.map(\.name))
            let seed = try SolverArguments.seed(&args, session: session)
            try args.finish()
            let precision: CouplingPrecision
            if let profileName {
                guard bits == nil, encoding == nil else {
                    throw LanguageError.value("precision() takes profile: or bits:/encoding:, not both (the profile fixes them)",
                                              at: args.rangeOf(label: bits != nil ? "bits" : "encoding"))
                }
                precision = MachineProfile.named(profileName)!.precision
            } else {
                do {
                    precision = try CouplingPrecision(bits: bits ?? simulator.bits,
                                                      encoding: encoding.map { .init(rawValue: $0)! } ?? simulator.encoding)
                } catch {
                    throw LanguageError.value("precision() bits: must be 2…32, got \(bits ?? 0)", at: args.rangeOf(label: "bits"))
                }
            }
            let report: PrecisionReport
            do { report = try make(model, precision: precision, seed: seed, session: session) } catch let e as LanguageError {
                throw e.located(args.callRange)
            }
            return .library(PrecisionReportValue(report: report, profile: profileName))
        })
    }

    /// The report for `model` at the session's param values (interruptible).
    static func make(_ model: ModelHandle, precision: CouplingPrecision, seed: UInt64, session: Session) throws -> PrecisionReport {
        do {
            let problem = try model.isingProblem(params: session.paramValues)
            return try PrecisionReport(problem: problem, precision: precision, seed: seed,
                                       control: SolveControl(isCancelledExternally: session.cancellationCheck))
        } catch {
            throw LibraryErrors.language(error)
        }
    }
}
