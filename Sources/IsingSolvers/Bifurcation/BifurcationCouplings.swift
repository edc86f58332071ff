import CSolverKernels
import IsingCore

/// The SB coupling matrix J' over m = n (+ 1) oscillators, in single precision: the problem's symmetric
/// couplings, plus, when any field is nonzero, an ancilla oscillator n coupled to spin i by h_i, so that
/// E(s) = offset + ½ s'ᵀ J' s' for s' = (s, +1).
struct BifurcationCouplings: Sendable {
    let m: Int
    let hasAncilla: Bool
    let rowStart: [Int]
    let columns: [Int32]
    let values: [Float]
    /// Row-major m × m when the dense layout is used.
    let dense: [Float]?

    init(problem: IsingProblem, layout: CouplingLayout) {
        let n = problem.n
        hasAncilla = problem.h.contains { $0 != 0 }
        m = n + (hasAncilla ? 1 : 0)
        var starts = [0]
        var cols: [Int32] = []
        var vals: [Float] = []
        cols.reserveCapacity(problem.columns.count + 2 * n)
        vals.reserveCapacity(problem.columns.count + 2 * n)
        for i in 0..<n {
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                cols.append(problem.columns[k]); vals.append(Float(problem.values[k]))
            }
            if hasAncilla && problem.h[i] != 0 { cols.append(Int32(n)); vals.append(Float(problem.h[i])) }
            starts.append(cols.count)
        }
        if hasAncilla {
            for i in 0..<n where problem.h[i] != 0 { cols.append(Int32(i)); vals.append(Float(problem.h[i])) }
            starts.append(cols.count)
        }
        rowStart = starts
        columns = cols
        values = vals
        if layout == .dense {
            var matrix = [Float](repeating: 0, count: m * m)
            for i in 0..<m {
                for k in starts[i]..<starts[i + 1] { matrix[i * m + Int(cols[k])] = vals[k] }
            }
            dense = matrix
        } else {
            dense = nil
        }
    }

    /// Stored entries of J' (both triangles).
    var nonzeros: Int { columns.count }

    /// The default coupling scale c0 = 0.5 / (σ √m), σ the root-mean-square of J' over its m(m − 1)
    /// off-diagonal entries: 0.5 √(m − 1) / ‖J'‖_F, as Goto et al. and the simulated-bifurcation package.
    var defaultC0: Double {
        let frobenius = values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return frobenius == 0 ? 1 : 0.5 * Double(max(m - 1, 1)).squareRoot() / frobenius
    }

    /// An estimate of J''s spectral radius ρ by 40 power iterations from a fixed start (deterministic),
    /// for choosing a stable time step.
    var spectralRadiusEstimate: Double {
        guard m > 0, nonzeros > 0 else { return 0 }
        // A fixed, mostly-uniform start: finds the ferromagnetic-like mode of all-positive graphs quickly.
        var v = (0..<m).map { (i: Int) -> Double in 1 + 0.5 * Double((i &* 7919) % 13) / 13 }
        var radius = 0.0
        for _ in 0..<40 {
            var w = [Double](repeating: 0, count: m)
            for i in 0..<m {
                var sum = 0.0
                for k in rowStart[i]..<rowStart[i + 1] { sum += Double(values[k]) * v[Int(columns[k])] }
                w[i] = sum
            }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let previous = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return radius }
            radius = norm / previous
            v = w.map { $0 / norm }
        }
        return radius
    }

    /// out = J' · input for one agent block ([m × width] each, `AgentBlockShape.vectors` vectors per row).
    func multiply(_ input: UnsafePointer<Lanes>, into out: UnsafeMutablePointer<Lanes>) {
        if let dense {
            dense.withUnsafeBufferPointer { multiplyDense($0.baseAddress!, input, out) }
        } else {
            rowStart.withUnsafeBufferPointer { starts in
                columns.withUnsafeBufferPointer { cols in
                    values.withUnsafeBufferPointer { vals in
                        multiplySparse(starts.baseAddress!, cols.baseAddress, vals.baseAddress, input, out)
                    }
                }
            }
        }
    }

    /// In C (`qama_spmm_block32`), which picks 256-bit AVX at run time when the CPU has it; the dense
    /// product below does the same arithmetic in the same order per agent.
    private func multiplySparse(_ starts: UnsafePointer<Int>, _ cols: UnsafePointer<Int32>?,
                                _ vals: UnsafePointer<Float>?, _ input: UnsafePointer<Lanes>,
                                _ out: UnsafeMutablePointer<Lanes>) {
        input.withMemoryRebound(to: Float.self, capacity: m * AgentBlockShape.width) { x in
            out.withMemoryRebound(to: Float.self, capacity: m * AgentBlockShape.width) { y in
                starts.withMemoryRebound(to: Int64.self, capacity: m + 1) { s in
                    qama_spmm_block32(Int64(m), s, cols, vals, x, y)
                }
            }
        }
    }

    private func multiplyDense(_ matrix: UnsafePointer<Float>, _ input: UnsafePointer<Lanes>,
                               _ out: UnsafeMutablePointer<Lanes>) {
        for i in 0..<m {
            var a0 = Lanes(), a1 = Lanes(), a2 = Lanes(), a3 = Lanes()
            let coefficients = matrix + i &* m
            for j in 0..<m {
                let v = Lanes(repeating: coefficients[j])
                let row = input + j &* AgentBlockShape.vectors
                a0 += v * row[0]; a1 += v * row[1]; a2 += v * row[2]; a3 += v * row[3]
            }
            let o = out + i &* AgentBlockShape.vectors
            o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3
        }
    }
}
