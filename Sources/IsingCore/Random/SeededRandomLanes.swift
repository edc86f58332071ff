/// Four `SeededRandom` streams advanced together in SIMD lanes: lane k gives exactly the numbers its
/// stream would give alone, four at a time (the lock-step annealer draws for four reads at once).
public struct SeededRandomLanes: Sendable {
    @usableFromInline var s0, s1, s2, s3: SIMD4<UInt64>

    /// Lanes from up to four streams, each continuing where it stands; missing lanes repeat the first.
    public init(_ streams: [SeededRandom]) {
        precondition((1...4).contains(streams.count))
        s0 = .zero; s1 = .zero; s2 = .zero; s3 = .zero
        for lane in 0..<4 {
            let r = streams[min(lane, streams.count - 1)]
            s0[lane] = r.s0; s1[lane] = r.s1; s2[lane] = r.s2; s3[lane] = r.s3
        }
    }

    /// xoshiro256** in every lane; the multiplications by 5 and 9 as shifts and adds, which SSE2 has
    /// for 64-bit lanes (a 64-bit vector multiply it has not).
    @inlinable @inline(__always)
    public mutating func next() -> SIMD4<UInt64> {
        let times5 = (s1 &<< 2) &+ s1
        let rotated = (times5 &<< 7) | (times5 &>> 57)
        let result = (rotated &<< 3) &+ rotated
        let t = s1 &<< 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 &<< 45) | (s3 &>> 19)
        return result
    }
}
