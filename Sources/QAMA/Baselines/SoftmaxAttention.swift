import Foundation
import IsingCore

/// The classical baseline the QAMA operator replaces: scaled dot-product softmax attention.
public enum SoftmaxAttention {
    /// softmax(Q Kᵀ / √d) per head, normalised over keys: [H, N, N] row-major, entry [t, i, j] is how
    /// much query token i attends to key token j (each row sums to 1).
    public static func attention(query: NDArray, key: NDArray) throws -> [Double] {
        let shape = try NDArray.queryKeyShape(query, key)
        let (heads, n, d) = (shape.heads, shape.tokens, shape.features)
        let scale = 1 / Double(d).squareRoot()
        var out = [Double](repeating: 0, count: heads * n * n)
        var scores = [Double](repeating: 0, count: n)
        query.storage.withUnsafeBufferPointer { q in
            key.storage.withUnsafeBufferPointer { k in
                out.withUnsafeMutableBufferPointer { out in
                    scores.withUnsafeMutableBufferPointer { scores in
                        for t in 0..<heads {
                            for i in 0..<n {
                                let qi = q.baseAddress! + (t * n + i) * d
                                for j in 0..<n {
                                    let kj = k.baseAddress! + (t * n + j) * d
                                    var dot = 0.0
                                    for f in 0..<d { dot += qi[f] * kj[f] }
                                    scores[j] = dot * scale
                                }
                                softmax(scores.baseAddress!, count: n, into: out.baseAddress! + (t * n + i) * n)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The mean attention each key token receives over all queries of its head: [H, N], each head sums to 1.
    public static func importance(query: NDArray, key: NDArray) throws -> [Double] {
        let a = try attention(query: query, key: key)
        let n = try query.heads(named: "Q").tokens
        let heads = a.count / (n * n)
        var out = [Double](repeating: 0, count: heads * n)
        for t in 0..<heads {
            for i in 0..<n { for j in 0..<n { out[t * n + j] += a[(t * n + i) * n + j] } }
            for j in 0..<n { out[t * n + j] /= Double(n) }
        }
        return out
    }
}
