import IsingCore

/// How the QAMA operator reads its inputs: Q, K and V are `NDArray`s of shape [H, N, d] (heads × tokens ×
/// features), or [N, d], which means one head.
extension NDArray {
    /// The rank-3 shape [H, N, d]; a rank-2 shape [N, d] gets H = 1. Throws for any other rank, an empty
    /// axis or a non-finite entry — naming the tensor `name`.
    func heads(named name: String) throws -> HeadShape {
        let dims: [Int]
        switch shape.count {
        case 2: dims = [1] + shape
        case 3: dims = shape
        default:
            throw QAMAError(.shape, "\(name) must have shape [H, N, d] or [N, d], but has shape \(NDArray.describe(shape: shape))")
        }
        guard dims.allSatisfy({ $0 > 0 }) else {
            throw QAMAError(.shape, "\(name) has an empty axis: shape \(NDArray.describe(shape: shape))")
        }
        if let bad = storage.firstIndex(where: { !$0.isFinite }) {
            throw QAMAError(.nonFinite, "\(name) holds \(storage[bad]) at \(Self.position(bad, in: shape)) (shape \(NDArray.describe(shape: shape))); "
                            + "the QAMA operator needs finite inputs")
        }
        return HeadShape(heads: dims[0], tokens: dims[1], features: dims[2])
    }

    /// The multi-index of flat position `flat`, e.g. `[1, 0, 3]`.
    private static func position(_ flat: Int, in shape: [Int]) -> String {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return NDArray.describe(shape: index)
    }
}

/// Heads × tokens × features of one validated tensor.
struct HeadShape: Equatable {
    let heads: Int
    let tokens: Int
    let features: Int

    var dims: [Int] { [heads, tokens, features] }
}

extension NDArray {
    /// Validates Q and K together: both must have the same [H, N, d].
    static func queryKeyShape(_ query: NDArray, _ key: NDArray) throws -> HeadShape {
        let q = try query.heads(named: "Q"), k = try key.heads(named: "K")
        guard q == k else {
            throw QAMAError(.shape, "Q has shape \(NDArray.describe(shape: query.shape)) but K has shape \(NDArray.describe(shape: key.shape)); "
                            + "Q and K must have the same shape [H, N, d]")
        }
        return q
    }

    /// Validates V against the [H, N, d] of Q and K: same heads and tokens (its feature count may differ).
    func valueShape(matching qk: HeadShape, queryShape: [Int]) throws -> HeadShape {
        let v = try heads(named: "V")
        guard v.heads == qk.heads, v.tokens == qk.tokens else {
            throw QAMAError(.shape, "V has shape \(NDArray.describe(shape: shape)) but Q and K have shape \(NDArray.describe(shape: queryShape)); "
                            + "V must have the same heads and tokens [H, N, ·]")
        }
        return v
    }
}
