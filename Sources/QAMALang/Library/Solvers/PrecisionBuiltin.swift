import CIMMachine
import IsingCore
import IsingSolvers

/// `precision(m, bits:, encoding:, profile:, seed:)`: what a machine's coefficient precision does to a
/// model, before any machine time is spent (the same report every `cim` solve shows).
enum PrecisionBuiltin {
    static func register(into table: inout BuiltinTable) {
        table.register(precision)
    }

    static var precision: Builtin {
        let simulator = MachineProfile.simulator.precision
        let m = Param.model(), bits = Param<Int?>.integer("bits", shown: "\(simulator.bits)")
        let encodings = CouplingPrecision.Encoding.allCases.map(\.rawValue)
        let encoding = Param<String?>.choice("encoding", encodings,
                                             shown: ([simulator.encoding.rawValue] + encodings.filter { $0 != simulator.encoding.rawValue })
                                                .map { "\"\($0)\"" }.joined(separator: " | "))
        let profile = Param<String?>.choice("profile", MachineProfile.all.map(\.name)), seed = Param.seed
        return Builtin("precision", [m, bits, encoding, profile, seed], doc: """
            What quantising a model to a machine's integer precision does to it: one machine step in the model's units, \
            the dynamic range the model needs, how many fields and couplings round to 0, the relative error of the rest, \
            and whether the quantised problem's best state is still the original's (each scored under both; by every \
            state up to \(PrecisionReport.exactLimit) variables, else by simulated annealing on each). `encoding: "qubo"` \
            quantises the QUBO matrix, as the CPQC-550 is programmed; `profile:` takes a machine's bits and encoding. \
            Shows a table and a small figure; members: scale, range, fields_zeroed, couplings_zeroed, coupling_error, \
            field_error, error, kept, gap, figure. The seed (annealing only) defaults to a draw from the session stream.
            """
        ) { args, session in
            let model = try args[m], bits = try args[bits], encoding = try args[encoding]
            let profileName = try args[profile], seed = try args[seed]
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
            let report = try make(model, precision: precision, seed: seed, session: session)
            return .library(PrecisionReportValue(report: report, profile: profileName))
        }
    }

    /// The report for `model` at the session's param values (interruptible).
    static func make(_ model: ModelHandle, precision: CouplingPrecision, seed: UInt64, session: Session) throws -> PrecisionReport {
        let problem = try model.isingProblem(params: session.paramValues)
        return try PrecisionReport(problem: problem, precision: precision, seed: seed,
                                   control: SolveControl(isCancelledExternally: session.cancellationCheck))
    }
}
