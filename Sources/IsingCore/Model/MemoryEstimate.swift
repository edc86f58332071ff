import Foundation
import NumberText

/// How much memory a model or an expression will take, checked *before* building it, so that a
/// 10-million-variable dense model fails at once with "this model needs about 1.2 PB; the limit is
/// 18.9 GB" instead of exhausting the machine.
///
/// The limit is 80 % of physical memory, or `QAMA_MEMORY_LIMIT_GB` from the environment.
public struct MemoryEstimate: Sendable, CustomStringConvertible, Comparable {
    public var bytes: Double

    public init(bytes: Double) { self.bytes = bytes }

    /// A compiled model with `blocks` coefficient blocks (1 + number of params), counting the builder's
    /// triples, the shared pattern, the per-block values and the symmetric Ising CSR a solver gets.
    public static func forModel(variables: Int, couplings: Int, blocks: Int = 1) -> MemoryEstimate {
        let n = Double(variables), m = Double(couplings), b = Double(max(1, blocks))
        let builder = m * 16                 // COO row, column, value
        let pattern = m * 4 + n * 8          // columns + row starts
        let values = m * 8 * (b + 1)         // one array per block + the weighted sum
        let ising = m * 2 * 12 + n * 16      // symmetric CSR (column + value, both triangles) + h
        let names = n * 24
        return MemoryEstimate(bytes: builder + pattern + values + ising + names)
    }

    /// An `Expression` with `terms` hashed terms (key, coefficient and the hash table's slack).
    public static func forExpression(terms: Int) -> MemoryEstimate {
        MemoryEstimate(bytes: Double(terms) * 48)
    }

    /// A dense n×n matrix of Doubles.
    public static func forDense(variables n: Int) -> MemoryEstimate {
        MemoryEstimate(bytes: Double(n) * Double(n) * 8)
    }

    public static let defaultLimit: Double = {
        if let s = ProcessInfo.processInfo.environment["QAMA_MEMORY_LIMIT_GB"], let gb = Double(s), gb > 0 {
            return gb * 1e9
        }
        return Double(ProcessInfo.processInfo.physicalMemory) * 0.8
    }()

    /// Throws "<what> needs about 37.2 GB; the limit is 18.9 GB" when over `limit`.
    public func check(_ what: String = "this model", limit: Double = MemoryEstimate.defaultLimit) throws {
        if bytes > limit {
            throw ExpressionError("\(what) needs about \(NumberFormat.bytes(bytes)); the limit is \(NumberFormat.bytes(limit))")
        }
    }

    public var description: String { NumberFormat.bytes(bytes) }

    public static func < (a: Self, b: Self) -> Bool { a.bytes < b.bytes }
}
