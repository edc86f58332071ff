import Foundation
import IsingCore

/// A batch of QUBO problems (energy xᵀQx over x ∈ {0,1}ⁿ) as read by `qama solve-qubo`, each turned into
/// the Ising problem every solver accepts by IsingCore's own conversion (same energies, offset included).
///
/// Two wire forms, each a concatenation of little-endian float64 `.npy` arrays:
/// - `dense` (what the Python bridge sends: `np.save` of the batch, a copy to prepare): one array, [n, n] or
///   [B, n, n];
/// - `coo` (for sparse problems, ~3.5× smaller for attention ones but ~10× slower to prepare in numpy):
///   `linear` [B, n] (the diagonal Q_ii), then `couplings` [m, 4], rows (problem, i, j, W) with i < j,
///   W = Q_ij + Q_ji ≠ 0, sorted by problem.
public struct QUBOBatch {
    public var n: Int
    public var problems: [IsingProblem]

    public enum Format: String, CaseIterable, Sendable { case dense, coo }

    public static func read(_ bytes: [UInt8], format: Format) throws -> QUBOBatch {
        var arrays = NPYStream(bytes: bytes)
        switch format {
        case .dense:
            let q = try arrays.next("the QUBO batch")
            try arrays.finish()
            guard q.shape.count == 2 || q.shape.count == 3 else {
                throw FormatError("expected a QUBO matrix [n, n] or a batch [B, n, n], got shape \(q.shape)")
            }
            let n = q.shape.last!, b = q.shape.count == 3 ? q.shape[0] : 1
            guard n >= 1, b >= 1 else { throw FormatError("an empty QUBO batch (shape \(q.shape)): needs at least one problem of at least one variable") }
            guard q.shape[q.shape.count - 2] == n else { throw FormatError("QUBO matrices must be square, got shape \(q.shape)") }
            let problems = try (0..<b).map { p -> IsingProblem in
                let base = p * n * n
                var couplings: [CoefficientTable.Coupling] = []
                for i in 0..<n {
                    for j in (i + 1)..<max(n, i + 1) {
                        let w = q.storage[base + i * n + j] + q.storage[base + j * n + i]
                        if w != 0 { couplings.append(.init(i: i, j: j, value: w)) }
                    }
                }
                return try problem(n: n, linear: (0..<n).map { q.storage[base + $0 * n + $0] }, couplings: couplings)
            }
            return QUBOBatch(n: n, problems: problems)
        case .coo:
            let linear = try arrays.next("linear")
            let pairs = try arrays.next("couplings")
            try arrays.finish()
            guard linear.shape.count == 2 else { throw FormatError("linear must be [B, n], got shape \(linear.shape)") }
            let (b, n) = (linear.shape[0], linear.shape[1])
            guard n >= 1, b >= 1 else { throw FormatError("an empty QUBO batch (linear has shape \(linear.shape)): needs at least one problem of at least one variable") }
            guard pairs.shape.count == 2, pairs.shape[1] == 4 else { throw FormatError("couplings must be [m, 4], got shape \(pairs.shape)") }
            var byProblem = [[CoefficientTable.Coupling]](repeating: [], count: b)
            var last = -1
            for r in 0..<pairs.shape[0] {
                let row = pairs.storage[(4 * r)..<(4 * r + 4)].map { $0 }
                let (p, i, j) = (Int(exactly: row[0]), Int(exactly: row[1]), Int(exactly: row[2]))
                guard let p, let i, let j, p >= last, p < b, i >= 0, i < j, j < n, row[3].isFinite else {
                    throw FormatError("couplings row \(r) = \(row): needs a problem index in order, 0 ≤ i < j < \(n), a finite value")
                }
                last = p
                byProblem[p].append(.init(i: i, j: j, value: row[3]))
            }
            let problems = try (0..<b).map { p in
                try problem(n: n, linear: Array(linear.storage[(p * n)..<((p + 1) * n)]), couplings: byProblem[p])
            }
            return QUBOBatch(n: n, problems: problems)
        }
    }

    /// IsingCore's QUBO → Ising conversion (x = (s + 1)/2), so E_Ising(s) = xᵀQx.
    private static func problem(n: Int, linear: [Double], couplings: [CoefficientTable.Coupling]) throws -> IsingProblem {
        guard linear.allSatisfy(\.isFinite), couplings.allSatisfy({ $0.value.isFinite }) else {
            throw FormatError("QUBO entries must be finite numbers")
        }
        let table = CoefficientTable(vartype: .binary, names: (0..<n).map { "x\($0)" }, linear: linear,
                                     couplings: couplings, offset: 0)
        return try table.model().isingProblem(params: [:])
    }
}

/// Reads one `.npy` array after another from a byte buffer (any dtype `NPY` reads; the bridge sends float64).
public struct NPYStream {
    let bytes: [UInt8]
    var position = 0

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public mutating func next(_ what: String) throws -> NDArray {
        guard position < bytes.count else { throw FormatError("the input ended before \(what)") }
        let (array, end) = try NPY.decodePrefix(bytes[position...], source: what)
        position = end
        return array
    }

    public func finish() throws {
        guard position == bytes.count else {
            throw FormatError("\(bytes.count - position) bytes after the last array, where the input should end")
        }
    }
}
