import Foundation

/// Tensor algorithms behind the builtins: reductions along an axis, matmul, transpose, softmax.
enum TensorMath {
    /// Resolves `axis:` (negative counts from the end) for a tensor of `rank`.
    static func axis(_ a: Int, rank: Int) throws -> Int {
        let k = a < 0 ? a + rank : a
        guard k >= 0 && k < rank else {
            throw LanguageError.value("axis \(a) is out of range for a tensor with \(rank) ax\(rank == 1 ? "is" : "es")")
        }
        return k
    }

    /// Splits a shape around `axis`: (outer count, axis length, inner count).
    static func split(_ shape: [Int], _ axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Reduces along `axis` (removing it), or over everything when `axis` is nil (a Number).
    static func reduce(_ t: Tensor, axis: Int?, _ f: ([Double]) -> Double) throws -> Value {
        guard let axis else { return .number(f(t.storage)) }
        let k = try self.axis(axis, rank: t.rank)
        let (outer, n, inner) = split(t.shape, k)
        var out = [Double](repeating: 0, count: outer * inner)
        var line = [Double](repeating: 0, count: n)
        for o in 0..<outer {
            for i in 0..<inner {
                for j in 0..<n { line[j] = t.storage[(o * n + j) * inner + i] }
                out[o * inner + i] = f(line)
            }
        }
        var shape = t.shape
        shape.remove(at: k)
        return .tensor(Tensor(shape: shape, storage: out))
    }

    /// Numerically stable softmax along `axis` (subtracting each line's maximum).
    static func softmax(_ t: Tensor, axis: Int) throws -> Tensor {
        guard t.rank > 0 else { return Tensor(shape: [], storage: [1]) }
        let k = try self.axis(axis, rank: t.rank)
        let (outer, n, inner) = split(t.shape, k)
        var out = t.storage
        for o in 0..<outer {
            for i in 0..<inner {
                var m = -Double.infinity
                for j in 0..<n { m = max(m, t.storage[(o * n + j) * inner + i]) }
                var z = 0.0
                for j in 0..<n {
                    let e = exp(t.storage[(o * n + j) * inner + i] - m)
                    out[(o * n + j) * inner + i] = e
                    z += e
                }
                for j in 0..<n { out[(o * n + j) * inner + i] /= z }
            }
        }
        return Tensor(shape: t.shape, storage: out)
    }

    /// Swaps the last two axes (a vector is returned unchanged).
    static func transpose(_ t: Tensor) -> Tensor {
        guard t.rank >= 2 else { return t }
        let r = t.shape[t.rank - 2], c = t.shape[t.rank - 1]
        let batch = t.count / max(1, r * c)
        var out = [Double](repeating: 0, count: t.count)
        for b in 0..<batch {
            let base = b * r * c
            for i in 0..<r { for j in 0..<c { out[base + j * r + i] = t.storage[base + i * c + j] } }
        }
        var shape = t.shape
        shape.swapAt(t.rank - 2, t.rank - 1)
        return Tensor(shape: shape, storage: out)
    }

    /// Matrix product: [m, k]·[k, n], vectors as rows/columns as NumPy does, and batched [b, m, k]·[b, k, n]
    /// (or a shared [k, n] right operand).
    static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        func mismatch() -> LanguageError {
            .shape("matmul() cannot multiply shapes \(Tensor.describe(shape: a.shape)) and \(Tensor.describe(shape: b.shape)): the inner dimensions differ")
        }
        guard a.rank >= 1, b.rank >= 1, a.rank <= 3, b.rank <= 3 else {
            throw LanguageError.shape("matmul() takes tensors of rank 1 to 3, got shapes \(Tensor.describe(shape: a.shape)) and \(Tensor.describe(shape: b.shape))")
        }
        let A = a.rank == 1 ? a.reshaped([1, a.count]) : a
        let B = b.rank == 1 ? b.reshaped([b.count, 1]) : b
        let m = A.shape[A.rank - 2], k = A.shape[A.rank - 1]
        let k2 = B.shape[B.rank - 2], n = B.shape[B.rank - 1]
        guard k == k2 else { throw mismatch() }
        let batchA = A.rank == 3 ? A.shape[0] : 1, batchB = B.rank == 3 ? B.shape[0] : 1
        guard batchA == batchB || batchA == 1 || batchB == 1 else {
            throw LanguageError.shape("matmul() batch sizes differ: shapes \(Tensor.describe(shape: a.shape)) and \(Tensor.describe(shape: b.shape))")
        }
        let batch = max(batchA, batchB)
        _ = try Allocation.elements([batch, m, n], "matmul() of shapes \(Tensor.describe(shape: a.shape)) and \(Tensor.describe(shape: b.shape))")
        var out = [Double](repeating: 0, count: batch * m * n)
        A.storage.withUnsafeBufferPointer { pa in
            B.storage.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    for t in 0..<batch {
                        let oa = batchA == 1 ? 0 : t * m * k, ob = batchB == 1 ? 0 : t * k * n, oo = t * m * n
                        for i in 0..<m {
                            for p in 0..<k {
                                let x = pa[oa + i * k + p]
                                if x == 0 { continue }
                                for j in 0..<n { po[oo + i * n + j] += x * pb[ob + p * n + j] }
                            }
                        }
                    }
                }
            }
        }
        var shape: [Int] = batch > 1 || A.rank == 3 || B.rank == 3 ? [batch] : []
        if a.rank != 1 { shape.append(m) }
        if b.rank != 1 { shape.append(n) }
        return Tensor(shape: shape, storage: out)
    }
}
