import Foundation
import IsingCore
import Testing
import QAMABatch

/// The bytes `np.save` writes for each array, one after another (what the Python bridge sends).
func npy(_ arrays: NDArray...) -> [UInt8] { arrays.flatMap { NPY.encode($0) } }

/// Every 0/1 state of n bits, as the spins s = 2x − 1 an `IsingProblem` takes.
func spinStates(_ n: Int) -> [[Int8]] {
    (0..<(1 << n)).map { mask in (0..<n).map { mask >> $0 & 1 == 1 ? 1 : -1 } }
}

@Suite("qama solve-qubo's input: QUBO batches as .npy")
struct QUBOBatchTests {
    /// Q = [[1, 2], [3, −4]]: xᵀQx is 0, 1, −4 and 1 + 2 + 3 − 4 = 2 on (0,0), (1,0), (0,1), (1,1).
    let q2: [Double] = [1, 2, 3, -4]
    let expected2: [Double] = [0, 1, -4, 2]  // spinStates order: bit 0 is x₀

    @Test("a dense [n, n] matrix becomes one problem whose Ising energy is xᵀQx on every state")
    func denseSingle() throws {
        let batch = try QUBOBatch.read(npy(NDArray(shape: [2, 2], storage: q2)), format: .dense)
        #expect(batch.n == 2 && batch.problems.count == 1)
        #expect(spinStates(2).map { batch.problems[0].energy($0) } == expected2)
    }

    @Test("a dense [B, n, n] batch keeps the problems in order")
    func denseBatch() throws {
        // The second problem is −Q: energies 0, −1, 4, −2.
        let batch = try QUBOBatch.read(npy(NDArray(shape: [2, 2, 2], storage: q2 + q2.map { -$0 })), format: .dense)
        #expect(batch.problems.count == 2)
        #expect(spinStates(2).map { batch.problems[0].energy($0) } == expected2)
        #expect(spinStates(2).map { batch.problems[1].energy($0) } == [0, -1, 4, -2])
    }

    @Test("coo: the diagonal as linear [B, n] and rows (problem, i, j, Q_ij + Q_ji) give the same energies")
    func coo() throws {
        // Problem 0 is Q above (W₀₁ = 2 + 3 = 5); problem 1 has linear (0, 0) and no coupling: every energy 0.
        let linear = NDArray(shape: [2, 2], storage: [1, -4, 0, 0])
        let couplings = NDArray(shape: [1, 4], storage: [0, 0, 1, 5])
        let batch = try QUBOBatch.read(npy(linear, couplings), format: .coo)
        #expect(batch.n == 2 && batch.problems.count == 2)
        #expect(spinStates(2).map { batch.problems[0].energy($0) } == expected2)
        #expect(spinStates(2).map { batch.problems[1].energy($0) } == [0, 0, 0, 0])
    }

    @Test("malformed batches are refused with what was expected", arguments: [
        (npy(NDArray(shape: [2, 3], storage: [0, 0, 0, 0, 0, 0])), QUBOBatch.Format.dense,
         "QUBO matrices must be square, got shape [2, 3]"),
        (npy(NDArray(shape: [4], storage: [0, 0, 0, 0])), .dense,
         "expected a QUBO matrix [n, n] or a batch [B, n, n], got shape [4]"),
        (npy(NDArray(shape: [1, 1], storage: [.nan])), .dense, "QUBO entries must be finite numbers"),
        (npy(NDArray(shape: [1, 2], storage: [0, 0]), NDArray(shape: [1, 3], storage: [0, 0, 1])), .coo,
         "couplings must be [m, 4], got shape [1, 3]"),
        (npy(NDArray(shape: [1, 2], storage: [0, 0]), NDArray(shape: [1, 4], storage: [0, 1, 0, 2])), .coo,
         "couplings row 0 = [0.0, 1.0, 0.0, 2.0]: needs a problem index in order, 0 ≤ i < j < 2, a finite value"),
        (npy(NDArray(shape: [2, 2], storage: [0, 0, 0, 0]), NDArray(shape: [2, 4], storage: [1, 0, 1, 2, 0, 0, 1, 2])), .coo,
         "couplings row 1 = [0.0, 0.0, 1.0, 2.0]: needs a problem index in order, 0 ≤ i < j < 2, a finite value"),
        (npy(NDArray(shape: [1, 2], storage: [0, 0])), .coo, "the input ended before couplings"),
    ])
    func refused(bytes: [UInt8], format: QUBOBatch.Format, message: String) {
        #expect { try QUBOBatch.read(bytes, format: format) } throws: { "\($0)" == message }
    }

    @Test("bytes after the last array are refused, counted")
    func trailing() {
        let extra = NPY.encode(NDArray(shape: [1], storage: [0])).count
        #expect(extra == 136)  // np.save's v1 header, padded to 128 bytes with the newline, then one float64
        #expect { try QUBOBatch.read(npy(NDArray(shape: [1, 1], storage: [0]), NDArray(shape: [1], storage: [0])), format: .dense) }
            throws: { "\($0)" == "136 bytes after the last array, where the input should end" }
    }

    /// An `.npy` with a hand-written header (padded as np.save pads it).
    func rawNPY(_ header: String, _ payload: [UInt8]) -> [UInt8] {
        var h = Array(header.utf8) + [0x0A]
        while (10 + h.count) % 64 != 0 { h.insert(0x20, at: h.count - 1) }
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + payload
    }

    @Test("the header's dtype decides how many bytes an array takes: float32 is read as its values")
    func float32IsRead() throws {
        // Q = [[2.5]] as float32: x·2.5 = 1.25·s + 1.25.
        let bytes = rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", [0x00, 0x00, 0x20, 0x40])
        let batch = try QUBOBatch.read(bytes, format: .dense)
        #expect(batch.problems.map(\.h) == [[1.25]] && batch.problems.map(\.offset) == [1.25])
        // Another key mentioning '<f8' is not taken for the dtype (it once was: "-16 unexpected bytes").
        let noted = rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), 'note': '<f8'}", [0x00, 0x00, 0x20, 0x40])
        #expect { try QUBOBatch.read(noted, format: .dense) } throws: {
            "\($0)" == "the QUBO batch: the header has the keys 'descr', 'fortran_order', 'shape', 'note'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'"
        }
    }

    @Test("a shape with a zero and a huge size is an empty batch, refused at once (it once looped 2^62 times)")
    func emptyHugeShapes() {
        let huge = 4_611_686_018_427_387_904
        let dense = rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (\(huge), 0, 0), }", [])
        #expect { try QUBOBatch.read(dense, format: .dense) } throws: {
            "\($0)" == "an empty QUBO batch (shape [\(huge), 0, 0]): needs at least one problem of at least one variable"
        }
        let coo = rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (\(huge), 0), }", [])
            + rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", [])
        #expect { try QUBOBatch.read(coo, format: .coo) } throws: {
            "\($0)" == "an empty QUBO batch (linear has shape [\(huge), 0]): needs at least one problem of at least one variable"
        }
    }
}
