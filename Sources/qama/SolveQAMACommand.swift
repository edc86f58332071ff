import ArgumentParser
import Foundation
import IsingCore
import QAMABatch
import QAMALang

/// `qama solve-qama`: solves a batch of v2 QAMA Hamiltonians given as Q, K [B, H, N, d] and the value field
/// [B, H, N] (`.npy`, see `QAMABatch`) and writes the best bits of each ([B, H·N] of 0/1, index t·N + j) and
/// its energy ([B]) as two float64 `.npy` arrays to stdout. The PyTorch module (`qama.torch`) runs it.
struct SolveQAMACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve-qama",
        abstract: "Solve a batch of v2 QAMA Hamiltonians (query, key, field as .npy) with a QAMA solver expression.")

    @Argument(help: "The .npy input; stdin when omitted or '-'.")
    var input: String = "-"

    @Option(help: "The solver, as a QAMA expression: sa(reads: 8, sweeps: 1000) runs the structured annealer.")
    var solver: String = "sa()"

    @Option(help: "The query–key weight α.") var alpha: Double = 1
    @Option(help: "The value weight β.") var beta: Double = 0.16
    @Option(help: "The head-overlap penalty γ.") var gamma: Double = 0.8

    @Option(help: "One seed for the whole batch; problem p's solver seed is derived from it and p.")
    var seed: UInt64 = 0

    @Option(help: "Worker threads over the batch (default: every core). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        do {
            let expression = try SolverExpression(solver)
            let batch = try QAMABatch.read(try BatchInput.bytes(input), alpha: alpha, beta: beta, gamma: gamma)
            let best = try batch.solve(expression, seed: seed, threads: threads)
            BatchInput.write(best, bits: batch.heads * batch.tokens)
        } catch {
            FileHandle.standardError.write(Data("qama solve-qama: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
