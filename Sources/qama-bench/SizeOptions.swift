import ArgumentParser

/// The size of a random QAMA input: heads × tokens × features.
struct SizeOptions: ParsableArguments {
    @Option(help: "Attention heads H.") var heads = 8
    @Option(help: "Tokens N per head.") var tokens = 256
    @Option(help: "Features d per token.") var features = 64
}

/// The one seed that fixes a run's inputs and its solver.
struct SeedOption: ParsableArguments {
    @Option(help: "Seed of the random inputs and of the solver.") var seed: UInt64 = 1
}
