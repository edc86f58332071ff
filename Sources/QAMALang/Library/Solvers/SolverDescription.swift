import IsingCore

/// What a configured solver is, as the language shows it — produced by the solver's own builtin
/// (Library/Solvers), so figures, results and sweeps never switch on solver names: adding a solver
/// touches its builtin only. Its settings are IsingCore's `SolverSettings`, the type a run reports the
/// settings it used in; here a setting the solver picks from the problem is still `.auto`.
struct SolverDescription: Sendable {
    /// The builtin's name ("sa").
    let name: String
    /// A few words for the progress display ("sa · 32 reads").
    let label: String
    /// How figures and sweep tables name a result of this solver ("sb ballistic · 64 agents"); the name
    /// alone when nothing more tells runs apart.
    let title: String
    /// The settings, in a stable order (seed included: drawn from the session stream when not given, so a
    /// notebook reproduces).
    let settings: SolverSettings

    init(name: String, label: String? = nil, title: String? = nil, settings: SolverSettings = []) {
        self.name = name
        self.label = label ?? name
        self.title = title ?? name
        self.settings = settings
    }

    /// `sa(reads: 32, sweeps: 1000, beta: auto, schedule: geometric, seed: 7)`; only the settings that never
    /// vary when `includingVarying` is false (a time-to-target table compares solvers over many seeds).
    func shown(includingVarying: Bool = true) -> String {
        "\(name)(" + SettingText.list(includingVarying ? settings : settings.fixed, .asGiven) + ")"
    }
}

extension SettingValue {
    /// As a member reads it (`sa().reads` is a Number, `sa().beta` "auto" or "[0.5, 2]").
    var languageValue: Value {
        switch self {
        case .int(let n): .number(Double(n))
        case .seed(let n): .number(Double(n))
        case .number(let x): .number(x)
        default: .string(SettingText.text(self, .asGiven))
        }
    }
}
