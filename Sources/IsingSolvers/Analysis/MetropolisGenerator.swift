import Foundation
import IsingCore

/// The random-scan single-spin-flip Metropolis chain of a small problem at inverse temperature β (pick one of
/// the n spins uniformly, flip it with probability min(1, e^(−βΔE))), in the symmetric form the spectral
/// gap is computed from.
///
/// The chain is reversible with respect to π(s) ∝ e^(−βE(s)), so S = D^(1/2) P D^(−1/2) (D = diag π) is
/// symmetric with the spectrum of P: S(s, s ⊕ i) = e^(−β|ΔE|/2) / n. This type applies L = I − S, whose
/// eigenvalues are 1 − λ(P) ≥ 0: the gap δ = 1 − λ₂ is then L's smallest eigenvalue once the known null vector
/// √π is deflated, computed without the cancellation of 1 − λ₂ when λ₂ is close to 1.
/// (L x)(s) = d(s) x(s) − Σ_i e^(−β|ΔE_i|/2)/n · x(s ⊕ i), with d(s) = Σ_i min(1, e^(−βΔE_i)) / n.
struct MetropolisGenerator: @unchecked Sendable {
    let n: Int
    let beta: Double
    /// E(s) for every state code s.
    let energies: UnsafePointer<Double>
    /// exp(−β·k) at index k, for problems whose ΔE are even integers 2k (|ΔE| ≤ 2·(table.count − 1)); nil otherwise.
    let table: [Double]?
    /// States per parallel task (fixed: results do not depend on the thread count).
    static let chunk = 1 << 13

    /// The unit vector √π / ‖√π‖ (L's null vector).
    func stationaryRoot() -> [Double] {
        let count = 1 << n
        var lowest = Double.infinity
        for s in 0..<count { lowest = min(lowest, energies[s]) }
        var v = (0..<count).map { exp(-0.5 * beta * (energies[$0] - lowest)) }
        let norm = Self.dot(v, v).squareRoot()
        for s in 0..<count { v[s] /= norm }
        return v
    }

    /// y = L x over the states in `range`.
    @inline(__always)
    func apply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, range: Range<Int>) {
        let scale = 1 / Double(n)
        for s in range {
            let e = energies[s]
            var diagonal = 0.0, off = 0.0
            for i in 0..<n {
                let t = s ^ (1 << i)
                let delta = energies[t] - e
                let a: Double
                if let table {
                    a = table[Int(abs(delta).rounded()) >> 1]
                } else {
                    a = exp(-0.5 * beta * abs(delta))
                }
                diagonal += delta <= 0 ? 1 : a * a
                off += a * x[t]
            }
            y[s] = (diagonal * x[s] - off) * scale
        }
    }

    /// Σ x_i y_i in a fixed order.
    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        var sum = 0.0
        for i in x.indices { sum += x[i] * y[i] }
        return sum
    }

    /// The exp(−β·k) table when every |ΔE| is an even integer no larger than 2·maxField (integer h and J).
    static func integerTable(_ problem: IsingProblem, beta: Double) -> [Double]? {
        var maxField = 0.0
        for i in 0..<problem.n {
            guard problem.h[i] == problem.h[i].rounded() else { return nil }
            var total = abs(problem.h[i])
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                guard problem.values[k] == problem.values[k].rounded() else { return nil }
                total += abs(problem.values[k])
            }
            maxField = max(maxField, total)
        }
        guard maxField <= Double(1 << 20) else { return nil }
        return (0...Int(maxField)).map { exp(-beta * Double($0)) }
    }
}
