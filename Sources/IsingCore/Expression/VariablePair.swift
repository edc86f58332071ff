/// An unordered pair of distinct variable ids, stored as one packed 64-bit key so that hashing a
/// quadratic term costs one word (ids are below 2³²).
public struct VariablePair: Hashable, Sendable, Comparable {
    public let key: UInt64

    public init(_ a: Int, _ b: Int) {
        precondition(a != b && a >= 0 && b >= 0 && a < 1 << 32 && b < 1 << 32, "bad variable pair (\(a), \(b))")
        key = a < b ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a)
    }

    /// The smaller id.
    public var first: Int { Int(key >> 32) }
    /// The larger id.
    public var second: Int { Int(key & 0xFFFF_FFFF) }

    public static func < (a: Self, b: Self) -> Bool { a.key < b.key }
}
