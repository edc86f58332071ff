/// Where the worker threads of one solve write their samples' spins and traces: disjoint rows per sample,
/// so no locking is needed and the result does not depend on which thread ran which sample.
final class TrajectorySlots: @unchecked Sendable {
    let samples, n, tracePoints: Int
    let spins: UnsafeMutableBufferPointer<Int8>
    private let bestTrace, currentTrace: UnsafeMutableBufferPointer<Double>

    init(samples: Int, n: Int, tracePoints: Int) {
        self.samples = samples
        self.n = n
        self.tracePoints = tracePoints
        spins = .allocate(capacity: samples * n)
        spins.initialize(repeating: 1)
        bestTrace = .allocate(capacity: samples * tracePoints)
        bestTrace.initialize(repeating: 0)
        currentTrace = .allocate(capacity: samples * tracePoints)
        currentTrace.initialize(repeating: 0)
    }

    func deallocate() {
        spins.deallocate(); bestTrace.deallocate(); currentTrace.deallocate()
    }

    @inline(__always)
    func store(spins s: UnsafeMutableBufferPointer<Double>, sample: Int) {
        let base = sample * n
        for i in 0..<n { spins[base + i] = s[i] > 0 ? 1 : -1 }
    }

    @inline(__always)
    func trace(sample: Int, point: Int, best: Double, current: Double) {
        bestTrace[sample * tracePoints + point] = best
        currentTrace[sample * tracePoints + point] = current
    }

    /// Best energy over all samples and mean current energy, per trace point.
    func traces() -> (best: [Double], mean: [Double]) {
        var best = [Double](repeating: .infinity, count: tracePoints)
        var mean = [Double](repeating: 0, count: tracePoints)
        for r in 0..<samples {
            for k in 0..<tracePoints {
                best[k] = min(best[k], bestTrace[r * tracePoints + k])
                mean[k] += currentTrace[r * tracePoints + k] / Double(samples)
            }
        }
        return (best, mean)
    }
}
