import ArgumentParser
import Foundation
import IsingCore
import QAMA
import QAMABatch
import QAMALang

/// `qama solve-qama`: solves a batch of v2 QAMA Hamiltonians given as Q, K [B, H, N, d] and the value field
/// [B, H, N] (`.npy`, see `QAMABatch`) and writes the best bits of each ([B, H·N] of 0/1, index t·N + j) and
/// its energy ([B]) as two float64 `.npy` arrays to stdout. The PyTorch module (`qama.torch`) runs it.
struct SolveQAMACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve-qama",
        abstract: "Solve a batch of v2 QAMA Hamiltonians (query, key, field as .npy) with a QAMA solver expression.")

    @OptionGroup var batch: BatchOptions

    /// The coefficients' defaults are the v2 formulation's own (QAMAV2Options), never restated here.
    private static let defaults = QAMAV2Options()
    @Option(help: "The query–key weight α.") var alpha: Double = defaults.alpha.number ?? 1
    @Option(help: "The value weight β.") var beta: Double = defaults.beta.number ?? 0
    @Option(help: "The head-overlap penalty γ.") var gamma: Double = defaults.gamma.number ?? 0

    func run() throws {
        try batch.reportingFailures(of: "solve-qama") {
            let expression = try SolverExpression(batch.solver)
            let problems = try QAMABatch.read(try BatchInput.bytes(batch.input), alpha: alpha, beta: beta, gamma: gamma)
            let best = try problems.solve(expression, seed: batch.seed, threads: batch.threads)
            BatchInput.write(best, bits: problems.heads * problems.tokens)
        }
    }
}
