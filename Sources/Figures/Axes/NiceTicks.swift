import NumberText

/// "Nice" tick positions (1, 2 or 5 × 10^k apart) for a value range, as d3 and matplotlib choose them.
struct NiceTicks {
    /// The range the axis should show: the input range, widened to whole steps when `extend` is set.
    let low: Double
    let high: Double
    let step: Double
    let values: [Double]
    let labels: [String]

    /// - Parameters:
    ///   - target: roughly how many intervals to aim for.
    ///   - integerStep: steps of at least 1 that are whole numbers (indices, counts).
    ///   - extend: widen the range outwards to the nearest ticks (tidy value axes); otherwise ticks stay inside.
    init(low inputLow: Double, high inputHigh: Double, target: Int, integerStep: Bool = false, extend: Bool = true) {
        var lo = min(inputLow, inputHigh), hi = max(inputLow, inputHigh)
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        var step = NiceTicks.increment(span: hi - lo, target: max(1, target))
        if integerStep { step = max(1, step.rounded(.up)) }
        let first = (lo / step).rounded(extend ? .down : .up)
        let last = (hi / step).rounded(extend ? .up : .down)
        low = extend ? first * step : lo
        high = extend ? last * step : hi
        self.step = step
        var ticks: [Double] = []
        var k = first
        while k <= last && ticks.count < 1000 {
            ticks.append(k * step == 0 ? 0 : k * step)
            k += 1
        }
        values = ticks
        let magnitude = max(abs(low), abs(high))
        let decimals = max(0, -NumberFormat.decimalExponent(step))
        labels = ticks.map { magnitude >= 1e7 ? NumberFormat.significant($0, digits: 4) : NumberFormat.fixed($0, decimals: decimals) }
    }

    /// A round step of 1, 2 or 5 × 10^k near span / target (d3's tickIncrement thresholds).
    static func increment(span: Double, target: Int) -> Double {
        let rough = span / Double(target)
        let e = NumberFormat.decimalExponent(rough)
        let power = NumberFormat.powerOfTen(e)
        let error = rough / power
        let factor: Double = error >= 7.0710678118654755 ? 10 : error >= 3.1622776601683795 ? 5 : error >= 1.4142135623730951 ? 2 : 1
        return factor * power
    }
}
