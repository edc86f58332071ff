import CIMMachine
import IsingCore
import IsingSolvers
import RemoteCIM

/// `cim(url:, token:, profile:, samples:, timeout:, precision:, mode:, seed:, report:)`: the coherent Ising
/// machine — a served one (`url:` or $QAMA_CIM_URL), else the same simulated machine in this process.
enum CIMBuiltin {
    static func register(into table: inout BuiltinTable) {
        table.register(cim)
    }

    /// The `url:` that names the in-process machine, as the displayed solver calls it.
    static let embedded = "embedded"

    static var cim: Builtin {
        let defaults = CIMClient(machine: .embedded)
        let url = Param<String?>.string("url", "\"\(embedded)\" for the in-process machine; default: $QAMA_CIM_URL, else the embedded machine")
        let token = Param<String?>.string("token", "default: $QAMA_CIM_TOKEN")
        let profile = Param<String?>.choice("profile", MachineProfile.all.map(\.name))
        let samples = Param.positive("samples", default: defaults.samples)
        let timeout = Param<Double>.make(label: "timeout", kind: .number, shown: NumberFormat.format(defaults.timeout), required: false,
                                         doc: "seconds") { args, slot in
            guard let t = try args.number(slot) else { return defaults.timeout }
            guard t > 0, t.isFinite else {
                throw LanguageError.value("cim() timeout: must be a positive number of seconds", at: args.range(slot))
            }
            return t
        }
        let precision = Param<Int?>.integer("precision", "bits; default: the machine's")
        let mode = Param.choice("mode", default: defaults.mode)
        let seed = Param.seed, report = Param.bool("report", default: true)
        return Builtin("cim", [url, token, profile, samples, timeout, precision, mode, seed, report], doc: """
            The coherent Ising machine. With `url:` (or QAMA_CIM_URL in the environment) it is a `qama-cim serve` job \
            server; without, the same simulated machine (dynamics, precision and limits) runs in this process and gives \
            the same samples for the same seed. `url: "\(embedded)"` runs the in-process machine whatever the environment \
            says (a notebook whose results must not depend on where it runs). `profile:` names the machine (\(MachineProfile.all.map { "\($0.name): \($0.summary)" }.joined(separator: "; "))); \
            a model that does not fit it is refused before anything is sent, and a served machine must be that profile. \
            Coefficients are quantised to the machine's integer precision (or `precision:` bits); unless `report: false`, \
            each solve shows the precision report of `precision(m, ...)` before its result (`report: false`: no report, no notice). The token comes from `token:` \
            or QAMA_CIM_TOKEN and is never shown. Interrupting cancels the job. The seed defaults to a draw from the \
            session stream (`seed(n)`).
            """
        ) { args, session in
            let envURL = session.environment["QAMA_CIM_URL"].flatMap { $0.isEmpty ? nil : $0 }
            let given = try args[url]
            let url = given == embedded ? nil : given ?? envURL
            let token = try args[token] ?? session.environment["QAMA_CIM_TOKEN"]
            let profileName = try args[profile]
            let samples = try args[samples], timeout = try args[timeout], precision = try args[precision]
            let mode = try args[mode], seed = try args[seed], report = try args[report]
            if let url, url.isEmpty { throw LanguageError.value("cim() url: must not be empty", at: args.rangeOf(label: "url")) }
            if let precision, !(2...32).contains(precision) {
                throw LanguageError.value("cim() precision: must be 2…32 bits, got \(precision)", at: args.rangeOf(label: "precision"))
            }
            let profile = profileName.flatMap(MachineProfile.named)
            if let profile, samples > profile.maxSamples {
                throw LanguageError.value("cim() samples: the \(profile.name) machine takes at most \(profile.maxSamples), got \(samples)",
                                          at: args.rangeOf(label: "samples"))
            }
            return make(url: url, envURL: envURL, token: token, profileName: profileName, profile: profile, samples: samples,
                        timeout: timeout, precision: precision, mode: mode, seed: seed, report: report)
        }
    }

    private static func make(url: String?, envURL: String?, token: String?, profileName: String?, profile: MachineProfile?,
                             samples: Int, timeout: Double, precision: Int?, mode: CIMDynamics.Mode, seed: UInt64,
                             report: Bool) -> Value {
        let notes = SolverNotes()
        // The report says what the client's quantising notice would, and more; `report: false` quiets both.
        let beforeJob: (@Sendable (IsingProblem, CouplingPrecision, SolveControl) throws -> Void)?
        if report {
            beforeJob = { problem, machinePrecision, control in
                // Computed before the job is sent; shown, like every note, once the solve returns.
                let report = try PrecisionReport(problem: problem, precision: machinePrecision, seed: seed, control: control)
                notes.add(display: PrecisionReportValue(report: report, profile: profileName).mimeBundle)
            }
        } else {
            beforeJob = nil
        }
        let machine: CIMClient.Machine = url.map { .remote(url: $0) } ?? .embedded
        let client = CIMClient(
            machine: machine, profile: profile, token: token.flatMap { $0.isEmpty ? nil : $0 }, samples: samples,
            timeout: timeout, precision: precision, mode: mode, seed: seed, warning: nil,
            beforeJob: beforeJob)
        // Where the machine is shows as the variable's name when the environment gave it (it changes between
        // runs, a fresh port each time) and as "embedded" otherwise.
        let place = client.url.map { $0 == envURL ? "$QAMA_CIM_URL" : $0 } ?? embedded
        var settings: SolverSettings = [
            .fixed("machine", .text(place)), .fixed("profile", .text(profileName ?? (client.url == nil ? client.embeddedProfile.name : "the machine's"))),
            .fixed("samples", .int(samples)), .fixed("timeout", .number(timeout)),
            .fixed("precision", .text(precision.map { "\($0) bits" } ?? "machine")), .fixed("mode", .text(mode.rawValue)), .seed(seed),
            .fixed("report", .text(report ? "true" : "false")),
        ]
        if client.url != nil { settings.list.append(.fixed("token", .text(client.hasToken ? "•••" : "none"))) }
        // The label names no machine, so a solve's progress line reads the same on either.
        let description = SolverDescription(name: "cim", label: "cim · \(samples) samples", title: "cim · \(samples) samples",
                                            settings: settings)
        return .library(SolverValue(solver: client, description: description, work: { _ in .infinity }, notes: notes))
    }
}
