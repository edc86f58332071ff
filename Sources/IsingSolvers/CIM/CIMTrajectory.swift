import IsingCore

/// One worker's buffers for integrating CIM trajectories, reused sample after sample so the step loop
/// never allocates. Alongside the amplitudes it keeps the spin configuration s = sign(x) with its local
/// fields g = J s, updated only where a sign flips, so the energy of every visited configuration is known
/// at the cost of the flips rather than of a full matrix product per step.
final class CIMTrajectory {
    private let problem: IsingProblem
    private let beta, errorRate, dt: Double
    private let n: Int
    private let x, e, field, s, g: UnsafeMutableBufferPointer<Double>
    private var energy = 0.0

    init(problem: IsingProblem, beta: Double, errorRate: Double, dt: Double) {
        self.problem = problem
        self.beta = beta
        self.errorRate = errorRate
        self.dt = dt
        n = problem.n
        x = .allocate(capacity: n)
        e = .allocate(capacity: n)
        field = .allocate(capacity: n)
        s = .allocate(capacity: n)
        g = .allocate(capacity: n)
    }

    deinit {
        x.deallocate(); e.deallocate(); field.deallocate(); s.deallocate(); g.deallocate()
    }

    /// Integrates sample `sample` from tiny random amplitudes and writes its spins and trace into `slots`.
    /// Checks `control` for cancellation every step; `progress(steps)` is told how many steps were done
    /// since its last call, at each trace point.
    func run(schedule: CIMSchedule, steps: Int, tracePoints: Int, keepBest: Bool, random: inout SeededRandom,
             into slots: TrajectorySlots, sample: Int, control: SolveControl,
             progress: (Int) -> Void) throws {
        for i in 0..<n {
            x[i] = 1e-4 * random.nextGaussian()
            e[i] = 1
            s[i] = x[i] >= 0 ? 1 : -1
        }
        resetFields()
        var best = energy
        if keepBest { slots.store(spins: s, sample: sample) }
        var nextTrace = 0, lastReported = 0

        problem.h.withUnsafeBufferPointer { h in
        problem.rowStart.withUnsafeBufferPointer { rowStart in
        problem.columns.withUnsafeBufferPointer { columns in
        problem.values.withUnsafeBufferPointer { values in
            for step in 0..<steps {
                if control.isCancelled { return }
                let (pump, amplitude) = schedule.at(step: step)
                let ancilla = amplitude.squareRoot(), clip = 1.5 * ancilla
                for i in 0..<n {
                    var f = h[i] * ancilla
                    for k in rowStart[i]..<rowStart[i + 1] { f += values[k] * x[Int(columns[k])] }
                    field[i] = f
                }
                for i in 0..<n {
                    var xi = x[i]
                    xi += dt * (-xi * xi * xi + (pump - 1) * xi - beta * e[i] * field[i])
                    xi = min(clip, max(-clip, xi))
                    x[i] = xi
                    e[i] += dt * (-errorRate * e[i] * (xi * xi - amplitude))
                    let sign: Double = xi >= 0 ? 1 : -1
                    if sign != s[i] { flip(i, h: h, rowStart: rowStart, columns: columns, values: values) }
                }
                if energy < best {
                    best = energy
                    if keepBest { slots.store(spins: s, sample: sample) }
                }
                // Trace point k closes at the end of step ⌈(k+1)·steps/tracePoints⌉ − 1.
                if (step + 1) * tracePoints >= (nextTrace + 1) * steps {
                    slots.trace(sample: sample, point: nextTrace, best: best, current: energy)
                    nextTrace += 1
                    progress(step + 1 - lastReported)
                    lastReported = step + 1
                }
            }
        }}}}
        try control.checkCancelled()
        if !keepBest { slots.store(spins: s, sample: sample) }
    }

    /// g = J s and the energy of s, from scratch.
    private func resetFields() {
        var total = problem.offset
        for i in 0..<n {
            var gi = 0.0
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] { gi += problem.values[k] * s[Int(problem.columns[k])] }
            g[i] = gi
            total += s[i] * (problem.h[i] + 0.5 * gi)
        }
        energy = total
    }

    @inline(__always)
    private func flip(_ i: Int, h: UnsafeBufferPointer<Double>, rowStart: UnsafeBufferPointer<Int>,
                      columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>) {
        let old = s[i]
        energy -= 2 * old * (h[i] + g[i])
        s[i] = -old
        let change = -2 * old
        for k in rowStart[i]..<rowStart[i + 1] { g[Int(columns[k])] += change * values[k] }
    }
}
