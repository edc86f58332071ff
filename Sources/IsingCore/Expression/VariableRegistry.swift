import Foundation

/// The decision variables of one language session: every `binary(...)`/`spin(...)` and every slack
/// variable a constraint adds gets fresh consecutive ids here. Names are computed from the blocks on
/// demand, so registering millions of variables costs a few bytes per block, not per variable.
///
/// Thread-safe (a lock guards the block list) because expressions holding a registry are `Sendable`.
public final class VariableRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var blocks: [VariableBlock] = []
    private var nextID = 0
    private var slackCounter = 0

    public init() {}

    /// Declares a block of `shape.reduce(1, *)` fresh variables (an empty shape is one scalar variable).
    public func declare(name: String, shape: [Int], vartype: Vartype) -> VariableBlock {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        return lock.withLock {
            let block = VariableBlock(name: name, shape: shape, vartype: vartype, firstID: nextID)
            blocks.append(block)
            nextID += block.count
            return block
        }
    }

    /// Declares `count` slack bits for a constraint, named `slack_<constraint>[k]` (unique per registry).
    public func declareSlack(for constraint: String, count: Int) -> VariableBlock {
        let tag: Int = lock.withLock { slackCounter += 1; return slackCounter }
        let base = constraint.isEmpty ? "slack\(tag)" : "slack_\(constraint)"
        let name = lock.withLock { blocks.contains { $0.name == base } } ? "\(base)_\(tag)" : base
        return declare(name: name, shape: [count], vartype: .binary)
    }

    /// Number of variables declared so far (ids are `0 ..< count`).
    public var count: Int { lock.withLock { nextID } }

    public var allBlocks: [VariableBlock] { lock.withLock { blocks } }

    /// The block holding `id`.
    public func block(containing id: Int) -> VariableBlock {
        lock.withLock {
            precondition(id >= 0 && id < nextID, "unknown variable id \(id)")
            var lo = 0, hi = blocks.count - 1
            while lo < hi {  // last block with firstID <= id (empty blocks share a firstID with the next)
                let mid = (lo + hi + 1) / 2
                if blocks[mid].firstID <= id { lo = mid } else { hi = mid - 1 }
            }
            while blocks[lo].count == 0 || !blocks[lo].ids.contains(id) { lo -= 1 }
            return blocks[lo]
        }
    }

    public func name(of id: Int) -> String { block(containing: id).name(of: id) }
    public func vartype(of id: Int) -> Vartype { block(containing: id).vartype }

    /// A one-variable expression.
    public func expression(_ id: Int) -> Expression { Expression(variable: id, registry: self) }
}
