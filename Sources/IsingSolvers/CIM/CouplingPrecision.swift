import IsingCore

/// The integer coefficients a coherent Ising machine with `bits` of coupling precision can program:
/// every h_i and J_ij is an integer with |v| ≤ 2^(bits−1) − 1 (sign-magnitude, as the DAC that drives
/// the feedback is symmetric). The server only checks this; the client quantises to it.
public struct CouplingPrecision: Sendable, Equatable, CustomStringConvertible {
    public let bits: Int

    public init(bits: Int) throws {
        guard (2...32).contains(bits) else { throw SolverFailure("coupling precision must be 2…32 bits, got \(bits)") }
        self.bits = bits
    }

    /// Largest programmable magnitude, 2^(bits−1) − 1.
    public var maxMagnitude: Int { (1 << (bits - 1)) - 1 }

    public var description: String { "\(bits)-bit couplings (integers in ±\(maxMagnitude))" }

    /// Whether the machine can hold `value` exactly.
    @inline(__always)
    public func admits(_ value: Double) -> Bool {
        value.isFinite && value == value.rounded() && abs(value) <= Double(maxMagnitude)
    }

    /// A one-line description of the first coefficient of `problem` the machine cannot hold, or nil.
    public func firstViolation(in problem: IsingProblem) -> String? {
        for (i, v) in problem.h.enumerated() where !admits(v) {
            return "h[\(i)] = \(v) is not an integer within ±\(maxMagnitude) (\(bits)-bit precision)"
        }
        for i in 0..<problem.n {
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] where Int(problem.columns[k]) > i {
                let v = problem.values[k]
                if !admits(v) {
                    return "J[\(i), \(problem.columns[k])] = \(v) is not an integer within ±\(maxMagnitude) (\(bits)-bit precision)"
                }
            }
        }
        return nil
    }

    /// Scales h and J jointly by their largest magnitude onto the integer range and rounds; a problem the
    /// machine can already hold is sent as it is (scale 1, nothing lost). The offset is dropped (a machine
    /// has no use for it); callers recompute energies on the original problem.
    public func quantise(_ problem: IsingProblem) -> QuantisedProblem {
        if firstViolation(in: problem) == nil {
            let exact = IsingProblem(n: problem.n, h: problem.h, rowStart: problem.rowStart, columns: problem.columns,
                                     values: problem.values, offset: 0)
            return QuantisedProblem(problem: exact, scale: 1, relativeError: 0)
        }
        var largest = 0.0
        for v in problem.h { largest = max(largest, abs(v)) }
        for v in problem.values { largest = max(largest, abs(v)) }
        let scale = largest > 0 ? largest / Double(maxMagnitude) : 1
        let h = problem.h.map { ($0 / scale).rounded() }
        let values = problem.values.map { ($0 / scale).rounded() }
        // Relative error over the distinct coefficients (each J_ij once, as a user wrote it).
        var lost = 0.0, norm = 0.0
        for (q, v) in zip(h, problem.h) { lost += (q * scale - v) * (q * scale - v); norm += v * v }
        for i in 0..<problem.n {
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] where Int(problem.columns[k]) > i {
                let v = problem.values[k], q = values[k]
                lost += (q * scale - v) * (q * scale - v); norm += v * v
            }
        }
        let quantised = IsingProblem(n: problem.n, h: h, rowStart: problem.rowStart, columns: problem.columns,
                                     values: values, offset: 0)
        return QuantisedProblem(problem: quantised, scale: scale,
                                relativeError: norm > 0 ? (lost / norm).squareRoot() : 0)
    }
}

/// An Ising problem with integer coefficients standing for `scale` × themselves in the original.
public struct QuantisedProblem: Sendable {
    /// Integer-valued coefficients (zero couplings that rounded to 0 are kept in the pattern; they are inert).
    public let problem: IsingProblem
    /// original ≈ scale × quantised.
    public let scale: Double
    /// ‖quantised·scale − original‖ / ‖original‖ over the distinct coefficients of h and J.
    public let relativeError: Double
}
