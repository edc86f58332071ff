/// Histogram bins chosen from the data alone, so the same values always give the same bars.
///
/// The bin count aims at Sturges' rule (⌈log₂ n⌉ + 1, at most 40) unless one is requested; the width is
/// rounded to a nice 1, 2 or 5 × 10^k; integer-valued data (cut sizes, QUBO energies with integer
/// weights) gets whole-number widths with each integer in the middle of a bin, never on an edge.
struct Binning {
    let start: Double
    let width: Double
    let count: Int

    init(minimum: Double, maximum: Double, sampleCount: Int, integral: Bool, requested: Int?) {
        var target = requested ?? Binning.sturges(sampleCount)
        target = min(max(target, 1), 200)
        let span = maximum - minimum
        var width: Double
        if span == 0 {
            width = integral ? 1 : (minimum == 0 ? 1 : NiceTicks.increment(span: abs(minimum) * 0.2, target: 1))
        } else {
            width = NiceTicks.increment(span: span, target: target)
            if integral { width = max(1, width.rounded(.up)) }
        }
        var start = (minimum / width).rounded(.down) * width
        if integral {
            start = ((minimum + 0.5) / width).rounded(.down) * width - 0.5
            if start > minimum { start -= width }
        }
        if span == 0 { start = minimum - width / 2 }
        var count = Int(((maximum - start) / width).rounded(.down)) + 1
        // The top edge is exclusive except for the last bin: do not add an empty bin for a value on the edge.
        if count > 1 && start + Double(count - 1) * width == maximum && !integral && span > 0 { count -= 1 }
        self.start = start
        self.width = width
        self.count = max(1, count)
    }

    static func sturges(_ n: Int) -> Int {
        var bits = 0
        while (1 << bits) < max(n, 1) { bits += 1 }
        return min(bits + 1, 40)
    }

    func edge(_ i: Int) -> Double { start + Double(i) * width }

    func index(of v: Double) -> Int { min(max(Int(((v - start) / width).rounded(.down)), 0), count - 1) }

    /// Counts per bin, each value weighted by `weights` (occurrences) when given.
    func counts(_ values: [Double], weights: [Int]? = nil) -> [Int] {
        var c = [Int](repeating: 0, count: count)
        for (i, v) in values.enumerated() { c[index(of: v)] += weights?[i] ?? 1 }
        return c
    }
}
