import Foundation
import IsingCore
import QAMABatch

/// The batch commands' input (a regular file, read through `FileBytes`, or stdin) and output (samples then energies).
enum BatchInput {
    static func bytes(_ input: String) throws -> [UInt8] {
        input == "-" ? [UInt8](FileHandle.standardInput.readDataToEndOfFile()) : try FileBytes.read(input)
    }

    /// [B, n] of 0/1 then [B] energies, float64 `.npy`, to stdout.
    static func write(_ best: [BatchSolve.Best], bits n: Int) {
        let samples = NDArray(shape: [best.count, n], storage: best.flatMap { $0.sample.map(Double.init) })
        let energies = NDArray(shape: [best.count], storage: best.map(\.energy))
        FileHandle.standardOutput.write(Data(NPY.encode(samples) + NPY.encode(energies)))
    }
}
