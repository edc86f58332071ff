import ArgumentParser
import Foundation
import IsingCore
import QAMALang

/// `qama solve-qubo`: solves a batch of QUBO problems read as `.npy` from a file or stdin (see `QUBOBatch`)
/// and writes the best sample of each ([B, n] of 0/1) and its energy ([B]) as two float64 `.npy` arrays to
/// stdout. The Python bridge (`qama.solve_qubo`) runs it.
struct SolveQUBOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve-qubo",
        abstract: "Solve a batch of QUBO matrices (.npy) with a QAMA solver expression.")

    @Argument(help: "The .npy input; stdin when omitted or '-'.")
    var input: String = "-"

    @Option(help: "The solver, as a QAMA expression: sa(reads: 8, sweeps: 1000), sb(agents: 64), exact(), …")
    var solver: String = "sa()"

    @Option(help: "One seed for the whole batch; problem p's solver seed is derived from it and p.")
    var seed: UInt64 = 0

    @Option(help: "Worker threads over the batch (default: every core). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "dense: one [n, n] or [B, n, n] array; coo: linear [B, n] then couplings [m, 4] (problem, i, j, Q_ij + Q_ji).")
    var format: String = QUBOBatch.Format.dense.rawValue

    func run() throws {
        do {
            guard let format = QUBOBatch.Format(rawValue: format) else {
                throw ValidationError("--format must be " + QUBOBatch.Format.allCases.map(\.rawValue).joined(separator: " or "))
            }
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
            let expression = try SolverExpression(solver)
            let data = input == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                : try Data(contentsOf: URL(fileURLWithPath: input))
            let batch = try QUBOBatch.read([UInt8](data), format: format)
            let best = try BatchSolve.run(batch.problems, solver: expression, seed: seed, threads: threads)
            let samples = NDArray(shape: [best.count, batch.n], storage: best.flatMap { $0.sample.map(Double.init) })
            let energies = NDArray(shape: [best.count], storage: best.map(\.energy))
            FileHandle.standardOutput.write(Data(NPY.encode(samples) + NPY.encode(energies)))
        } catch let e as ValidationError {
            throw e
        } catch {
            FileHandle.standardError.write(Data("qama solve-qubo: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
