import IsingCore

/// Up to four SA reads in lock-step, one per SIMD lane: spin i is tried in all of them at once, and the
/// neighbour-field update after a flip is one 4-wide multiply-add per coupling for every lane that
/// flipped (a lane that did not adds 0 · J, which leaves its field unchanged). On sparse problems that
/// scattered update is most of an annealing run's time.
///
/// Each lane draws from its own read's stream (`SeededRandomLanes`, one uniform per attempt, low half of
/// each 64-bit draw first) and decides through the same `MetropolisRule` in the same order as
/// `MetropolisRun.run`, so every read's result is bit for bit what a lone run gives. Lanes hold
/// Double, or Float when the problem is integer with small fields (`AcceptanceTable` exists): every
/// field and ΔE is then an integer below 2²⁴, exact in Float, and the update costs half as many
/// instructions.
extension MetropolisRun {
    static let lanes = 4

    /// Reads `streams.count` (1…4) reads; returns their outcomes in order.
    func runLockstep(rows: SparseRows, streams: [SeededRandom], meter: ProgressMeter) throws -> [Outcome] {
        if let singleValues {
            return try singleValues.withUnsafeBufferPointer { v in
                try runLockstep(SIMD4<Float>.self, rows: rows, values: v.baseAddress!, streams: streams, meter: meter)
            }
        }
        return try runLockstep(SIMD4<Double>.self, rows: rows, values: rows.values, streams: streams, meter: meter)
    }

    private func runLockstep<Lanes: SIMD>(_: Lanes.Type, rows: SparseRows, values: UnsafePointer<Lanes.Scalar>,
                                          streams: [SeededRandom], meter: ProgressMeter) throws -> [Outcome]
    where Lanes.Scalar: BinaryFloatingPoint {
        precondition((1...Self.lanes).contains(streams.count) && Lanes.scalarCount == Self.lanes)
        let n = problem.n, active = streams.count
        var rngs = streams
        var spins = [Lanes](repeating: Lanes(repeating: 1), count: n)
        var fields = [Lanes](repeating: .zero, count: n)
        var energy = SIMD4<Double>.zero
        for lane in 0..<active {
            let start = initialState(&rngs[lane])
            for i in 0..<n {
                spins[i][lane] = Lanes.Scalar(start.spins[i])
                fields[i][lane] = Lanes.Scalar(start.fields[i])
            }
            energy[lane] = start.energy
        }
        var recorded = [[Double]](repeating: [], count: active)
        var random = SeededRandomLanes(rngs)
        var pending = SIMD4<UInt64>.zero, hasPending = false
        let activeLanes = SIMD4<Int64>(0, 1, 2, 3) .< SIMD4<Int64>(repeating: Int64(active))
        var best = [BestSoFar](repeating: BestSoFar(), count: active)
        for lane in 0..<active { best[lane].consider(energy[lane]) { spins.map { $0[lane] > 0 ? 1 : -1 } } }
        // Raw pointers throughout: the inner loop must not pay for array uniqueness or bounds checks.
        do {
        try spins.withUnsafeMutableBufferPointer { sBuffer in
            try fields.withUnsafeMutableBufferPointer { fBuffer in
                let s = sBuffer.baseAddress, f = fBuffer.baseAddress  // nil only when there are no spins
                try anneal(lanes: active, maxRowLength: rows.maxRowLength, meter: meter,
                           bestEnergy: { Self.lowest(energy, active) },
                           keepBest: {
                               for lane in 0..<active { best[lane].consider(energy[lane]) { sBuffer.map { $0[lane] > 0 ? 1 : -1 } } }
                           },
                           sweepSpins: { rule, range in
                    guard let s, let f else { return }
                    for i in range {
                        let spin = s[i]
                        let delta = -2 * spin * f[i]
                        let d = SIMD4<Double>(Double(delta[0]), Double(delta[1]), Double(delta[2]), Double(delta[3]))
                        // One 32-bit uniform per lane, as `UniformPairs` gives a lone read.
                        let bits: SIMD4<UInt64>
                        if hasPending {
                            bits = pending &>> 32
                        } else {
                            pending = random.next()
                            bits = pending & 0xFFFF_FFFF
                        }
                        hasPending.toggle()
                        let u = SIMD4<Double>(Double(bits[0]), Double(bits[1]), Double(bits[2]), Double(bits[3])) * 0x1.0p-32
                        let p = SIMD4<Double>(rule.probability(d[0]), rule.probability(d[1]),
                                              rule.probability(d[2]), rule.probability(d[3]))
                        let flips = (u .< p) .& activeLanes
                        guard any(flips) else { continue }
                        // Lanes that stay add exactly 0 to their energy and fields.
                        energy += SIMD4<Double>.zero.replacing(with: d, where: flips)
                        var flipping = SIMDMask<Lanes.MaskStorage>()
                        for lane in 0..<4 { flipping[lane] = flips[lane] }
                        s[i] = spin.replacing(with: -spin, where: flipping)
                        Self.addRow(rows, values, i, Lanes.zero.replacing(with: -2 * spin, where: flipping), f)
                    }
                },
                           record: { for lane in 0..<active { recorded[lane].append(energy[lane]) } })
            }
        }
        } catch is SolveCancelled {
            throw CutShort(states: best.map(\.state))
        }
        return (0..<active).map { lane in
            Outcome(spins: spins.map { $0[lane] > 0 ? 1 : -1 }, recorded: recorded[lane])
        }
    }

    @inline(__always)
    private static func addRow<Lanes: SIMD>(_ rows: SparseRows, _ values: UnsafePointer<Lanes.Scalar>, _ i: Int,
                                            _ scale: Lanes, _ f: UnsafeMutablePointer<Lanes>)
    where Lanes.Scalar: BinaryFloatingPoint {
        var k = rows.rowStart[i]
        let end = rows.rowStart[i + 1]
        while k < end {
            f[Int(rows.columns[k])] += scale * values[k]
            k += 1
        }
    }

    private static func lowest(_ energy: SIMD4<Double>, _ active: Int) -> Double {
        (0..<active).map { energy[$0] }.min() ?? .infinity
    }
}
