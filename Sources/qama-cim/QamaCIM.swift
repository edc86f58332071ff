import ArgumentParser

/// `qama-cim`: the simulated coherent Ising machine's command line.
@main
struct QamaCIM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qama-cim",
        abstract: "A simulated coherent Ising machine (CIM) behind the QAMA remote job API.",
        subcommands: [Serve.self])
}
