extension CompiledModel {
    /// One row per block for a summary or `params()` table: the param (nil for the constant block),
    /// how many linear terms and couplings it has, and its offset.
    public struct BlockSummary: Sendable, Equatable {
        public var param: String?
        public var linearTerms: Int
        public var couplings: Int
        public var offset: Double
    }

    public var blockSummaries: [BlockSummary] {
        blocks.map { b in
            BlockSummary(param: b.param, linearTerms: b.linear.reduce(0) { $1 != 0 ? $0 + 1 : $0 },
                         couplings: b.support?.count ?? b.quadratic.reduce(0) { $1 != 0 ? $0 + 1 : $0 },
                         offset: b.offset)
        }
    }
}
