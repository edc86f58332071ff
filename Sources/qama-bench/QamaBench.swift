import ArgumentParser

/// `qama-bench`: the benchmark drivers behind bench/*.sh and bench/*.py, one subcommand each. Every run prints
/// one JSON object a line on stdout, for the scripts to set side by side with their anchors.
@main
struct QamaBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qama-bench",
        abstract: "Benchmark drivers: local solvers on Gset graphs, model building, the QAMA model, long sequences.",
        subcommands: [SolversBench.self, ModelBench.self, AttentionBench.self, LongSequenceBench.self])
}
