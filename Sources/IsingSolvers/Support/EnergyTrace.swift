/// Turns per-read (or per-agent-block) energy records into the SampleSet's two traces.
enum EnergyTrace {
    /// `records[r][p]` is read r's energy at record point p. Returns the best energy so far (running
    /// minimum over reads and earlier points) and the mean over reads, point by point, in read order
    /// so the sums do not depend on thread count.
    static func combine(_ records: [[Double]]) -> (best: [Double], mean: [Double]) {
        guard let points = records.first?.count, points > 0 else { return ([], []) }
        var best = [Double](repeating: .infinity, count: points)
        var mean = [Double](repeating: 0, count: points)
        for record in records {
            for p in 0..<min(points, record.count) {
                best[p] = min(best[p], record[p])
                mean[p] += record[p]
            }
        }
        for p in 0..<points {
            if p > 0 { best[p] = min(best[p], best[p - 1]) }
            mean[p] /= Double(records.count)
        }
        return (best, mean)
    }

    /// The steps a run of `total` steps records after when it records every `every` steps and after the
    /// last one: every, 2·every, …, total.
    static func recordSteps(total: Int, every: Int) -> [Double] {
        var out = stride(from: every, through: total, by: every).map(Double.init)
        if total % every != 0 { out.append(Double(total)) }
        return out
    }
}
