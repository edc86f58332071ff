import IsingCore
import IsingSolvers
import RemoteCIM

/// `cim(url:, token:, samples:, timeout:, precision:, mode:, seed:)`: the remote coherent Ising machine.
enum CIMBuiltin {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            name: "cim",
            signature: "cim(url: \"http://host:port\", token:, samples: 100, timeout: 60, precision:, mode: \"optimize\" | \"sample\", seed:)",
            doc: """
            The remote coherent Ising machine (a `qama-cim serve` job server). The token comes from `token:` or the \
            environment's QAMA_CIM_TOKEN and is never shown. Couplings are quantised to the machine's integer \
            precision (or `precision:` bits); a notice says when that changes them noticeably. The solve shows \
            progress while the job runs and cancels the remote job on interrupt. The seed defaults to a draw from \
            the session stream (`seed(n)`).
            """,
            labels: ["url", "token", "samples", "timeout", "precision", "mode", "seed"]
        ) { args, session in
            let envURL = session.environment["QAMA_CIM_URL"]
            guard let url = try args.string(label: "url") ?? envURL, !url.isEmpty else {
                throw LanguageError.value("cim() needs url: (or QAMA_CIM_URL in the environment)", at: args.callRange)
            }
            let token = try args.string(label: "token") ?? session.environment["QAMA_CIM_TOKEN"]
            let samples = try args.int(label: "samples", default: 100)
            let timeout = try args.number(label: "timeout", default: 60)
            let precision = try args.int(label: "precision")
            let mode = try args.choice(label: "mode", CIMDynamics.Mode.allCases.map(\.rawValue)) ?? "optimize"
            let seed = try SolverArguments.seed(&args, session: session)
            try args.finish()
            guard samples >= 1 else { throw LanguageError.value("cim() samples: must be at least 1", at: args.rangeOf(label: "samples")) }
            guard timeout > 0 else { throw LanguageError.value("cim() timeout: must be positive seconds", at: args.rangeOf(label: "timeout")) }
            let notes = SolverNotes()
            let client = CIMClient(url: url, token: token.flatMap { $0.isEmpty ? nil : $0 }, samples: samples,
                                   timeout: timeout, precision: precision, mode: CIMDynamics.Mode(rawValue: mode)!,
                                   seed: seed, warning: { notes.add($0) })
            // The URL given by the environment shows as the variable's name: it changes between runs (a fresh
            // port), and a saved notebook must not.
            let shownURL = url == envURL ? "$QAMA_CIM_URL" : client.url
            let settings: [(String, String)] = [
                ("url", shownURL), ("samples", "\(samples)"), ("timeout", NumberFormat.format(timeout)),
                ("precision", precision.map { "\($0) bits" } ?? "machine"), ("mode", mode), ("seed", "\(seed)"),
                ("token", client.hasToken ? "•••" : "none"),
            ]
            return .domain(SolverValue(solver: client, settings: settings, label: "cim · \(samples) samples",
                                       work: { _ in .infinity }, notes: notes))
        })
    }
}

/// Argument conventions shared by the solver builtins.
enum SolverArguments {
    /// `seed:` as given (a non-negative integer), else the next draw from the session stream.
    static func seed(_ args: inout CallArguments, session: Session) throws -> UInt64 {
        guard let s = try args.int(label: "seed") else { return session.nextSeed() }
        guard s >= 0 else { throw LanguageError.value("\(args.callee)() seed: must be ≥ 0, got \(s)", at: args.rangeOf(label: "seed")) }
        return UInt64(s)
    }
}
