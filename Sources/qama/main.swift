import ArgumentParser

/// `qama`: the QAMA Jupyter kernel, its kernelspec installer, and the script runner.
struct Qama: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qama",
        abstract: "A Jupyter kernel for building and solving Ising/QUBO Hamiltonians (QAMA attention).",
        subcommands: [KernelCommand.self, InstallCommand.self, UninstallCommand.self, RunCommand.self,
                      SolveQUBOCommand.self, SolveQAMACommand.self])
}

Qama.main()
