import ArgumentParser
import Foundation
import IsingCore
import QAMABatch
import QAMALang

/// `qama solve-qubo`: solves a batch of QUBO problems read as `.npy` from a file or stdin (see `QUBOBatch`)
/// and writes the best sample of each ([B, n] of 0/1) and its energy ([B]) as two float64 `.npy` arrays to
/// stdout. The Python bridge (`qama.solve_qubo`) runs it.
struct SolveQUBOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve-qubo",
        abstract: "Solve a batch of QUBO matrices (.npy) with a QAMA solver expression.")

    @OptionGroup var batch: BatchOptions

    @Option(help: "dense: one [n, n] or [B, n, n] array; coo: linear [B, n] then couplings [m, 4] (problem, i, j, Q_ij + Q_ji).")
    var format: QUBOBatch.Format = .dense

    func run() throws {
        try batch.reportingFailures(of: "solve-qubo") {
            let expression = try SolverExpression(batch.solver)
            let problems = try QUBOBatch.read(try BatchInput.bytes(batch.input), format: format)
            let best = try BatchSolve.run(problems.problems, solver: expression, seed: batch.seed, threads: batch.threads)
            BatchInput.write(best, bits: problems.n)
        }
    }
}

extension QUBOBatch.Format: ExpressibleByArgument {}
