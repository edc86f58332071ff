import IsingCore

/// The integer coefficients a coherent Ising machine with `bits` of precision can program, in the form
/// the machine is programmed in:
///
/// - `.ising`: every h_i and J_ij is an integer with |v| ≤ 2^(bits−1) − 1 (sign-magnitude, as a symmetric
///   DAC driving the feedback holds it);
/// - `.qubo`: the QUBO matrix of the same problem under s = 2x − 1, Q_ij = 4 J_ij (i < j) and
///   Q_ii = 2 h_i − 2 Σ_j J_ij, holds signed two's-complement integers in −2^(bits−1) … 2^(bits−1) − 1
///   (the CPQC-550 takes an 8-bit signed integer QUBO matrix).
///
/// The wire carries Ising problems in both cases; a QUBO machine checks the matrix the Ising problem
/// stands for (quarter-integer J and half-integer h are exact in binary floating point). The server only
/// checks; the client quantises.
public struct CouplingPrecision: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Encoding: String, Sendable, CaseIterable, Hashable {
        case ising, qubo
    }

    public let bits: Int
    public let encoding: Encoding

    public init(bits: Int, encoding: Encoding = .ising) throws {
        guard (2...32).contains(bits) else { throw SolverFailure("coupling precision must be 2…32 bits, got \(bits)") }
        self.bits = bits
        self.encoding = encoding
    }

    /// 8-bit Ising couplings and fields (the simulator's default) and an 8-bit signed integer QUBO matrix
    /// (the CPQC-550's).
    public static let eightBitIsing = CouplingPrecision(checked: 8, .ising)
    public static let eightBitQUBO = CouplingPrecision(checked: 8, .qubo)

    private init(checked bits: Int, _ encoding: Encoding) {
        self.bits = bits
        self.encoding = encoding
    }

    /// Largest programmable magnitude that both signs reach, 2^(bits−1) − 1: quantisation scales onto it.
    public var maxMagnitude: Int { (1 << (bits - 1)) - 1 }

    /// Most negative programmable value: −maxMagnitude (Ising) or −2^(bits−1) (QUBO, two's complement).
    public var minValue: Int { encoding == .qubo ? -(1 << (bits - 1)) : -maxMagnitude }

    /// "integers within ±127" or "integers within −128…127".
    public var rangeText: String {
        encoding == .qubo ? "integers within \(minValue)…\(maxMagnitude)" : "integers within ±\(maxMagnitude)"
    }

    /// "8-bit Ising" or "8-bit signed QUBO".
    public var shortName: String { encoding == .qubo ? "\(bits)-bit signed QUBO" : "\(bits)-bit Ising" }

    public var description: String {
        encoding == .qubo ? "\(bits)-bit signed integer QUBO matrix (\(rangeText))" : "\(bits)-bit couplings (\(rangeText))"
    }

    /// Whether the machine can hold the programmed coefficient `value` exactly.
    @inline(__always)
    public func admits(_ value: Double) -> Bool {
        value.isFinite && value == value.rounded() && value <= Double(maxMagnitude) && value >= Double(minValue)
    }

    /// The coefficients the machine is programmed with for `problem`, in this encoding: one field per spin
    /// (h_i or Q_ii) and one coupling per stored pair i < j (J_ij or Q_ij), in CSR order.
    public func programmed(_ problem: IsingProblem) -> ProgrammedCoefficients {
        var pairs: [(i: Int, j: Int)] = []
        var couplings: [Double] = []
        pairs.reserveCapacity(problem.couplingCount)
        couplings.reserveCapacity(problem.couplingCount)
        var fields = problem.h
        for i in 0..<problem.n {
            var row = 0.0
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                let j = Int(problem.columns[k]), v = problem.values[k]
                row += v
                if j > i {
                    pairs.append((i, j))
                    couplings.append(encoding == .qubo ? 4 * v : v)
                }
            }
            if encoding == .qubo { fields[i] = 2 * problem.h[i] - 2 * row }
        }
        return ProgrammedCoefficients(fields: fields, couplings: couplings, pairs: pairs)
    }

    /// A one-line description of the first coefficient of `problem` the machine cannot hold, or nil.
    public func firstViolation(in problem: IsingProblem) -> String? {
        let p = programmed(problem)
        let (field, coupling) = encoding == .qubo ? ("Q", "Q") : ("h", "J")
        for (i, v) in p.fields.enumerated() where !admits(v) {
            let name = encoding == .qubo ? "\(field)[\(i), \(i)]" : "\(field)[\(i)]"
            return "\(name) = \(v) is not one of the \(rangeText) (\(shortName))"
        }
        for (k, v) in p.couplings.enumerated() where !admits(v) {
            return "\(coupling)[\(p.pairs[k].i), \(p.pairs[k].j)] = \(v) is not one of the \(rangeText) (\(shortName))"
        }
        return nil
    }

    /// Scales the programmed coefficients jointly by their largest magnitude onto ±maxMagnitude and rounds;
    /// a problem the machine can already hold is sent as it is (scale 1, nothing lost). The offset is not
    /// sent (a machine has no use for it); `QuantisedProblem.originalUnits` maps energies back.
    public func quantise(_ problem: IsingProblem) -> QuantisedProblem {
        let original = programmed(problem)
        let constant = original.constant(of: problem, encoding: encoding)
        if firstViolation(in: problem) == nil {
            let exact = IsingProblem(n: problem.n, h: problem.h, rowStart: problem.rowStart, columns: problem.columns,
                                     values: problem.values, offset: 0)
            return QuantisedProblem(problem: exact, precision: self, scale: 1, energyOffset: problem.offset,
                                    original: original, programmed: original)
        }
        var largest = 0.0
        for v in original.fields { largest = max(largest, abs(v)) }
        for v in original.couplings { largest = max(largest, abs(v)) }
        let scale = largest > 0 ? largest / Double(maxMagnitude) : 1
        let rounded = ProgrammedCoefficients(fields: original.fields.map { ($0 / scale).rounded() },
                                             couplings: original.couplings.map { ($0 / scale).rounded() },
                                             pairs: original.pairs)
        let quantised = rounded.isingProblem(n: problem.n, like: problem, encoding: encoding)
        // original(s) = constant + programmed energy(x) ≈ constant + scale·(quantised programmed energy(x))
        //             = constant + scale·(quantised(s) − quantised constant).
        let quantisedConstant = rounded.constant(of: quantised, encoding: encoding)
        return QuantisedProblem(problem: quantised, precision: self, scale: scale,
                                energyOffset: constant - scale * quantisedConstant, original: original, programmed: rounded)
    }
}

/// The coefficients a machine is programmed with: per-spin fields and per-pair couplings (i < j).
public struct ProgrammedCoefficients: Sendable {
    public let fields: [Double]
    public let couplings: [Double]
    public let pairs: [(i: Int, j: Int)]

    /// The constant c with ising(s) = c + Σ fields·(s or x) + Σ couplings·(s s or x x) for the problem they
    /// came from: the offset (Ising), or offset − Σh + Σ_{i<j} J (QUBO, x = (s + 1)/2).
    func constant(of problem: IsingProblem, encoding: CouplingPrecision.Encoding) -> Double {
        guard encoding == .qubo else { return problem.offset }
        var c = problem.offset
        for v in problem.h { c -= v }
        for v in couplings { c += v / 4 }
        return c
    }

    /// The Ising problem (offset 0) these coefficients program, on `like`'s coupling pattern.
    func isingProblem(n: Int, like problem: IsingProblem, encoding: CouplingPrecision.Encoding) -> IsingProblem {
        var value = [Double](repeating: 0, count: problem.values.count)
        var h = encoding == .qubo ? fields.map { $0 / 2 } : fields
        // Looked up by pair (never iterated), so both the (i, j) and the (j, i) entry get the pair's value.
        var pairValue: [Int: Double] = [:]
        pairValue.reserveCapacity(pairs.count)
        for (index, pair) in pairs.enumerated() {
            let v = encoding == .qubo ? couplings[index] / 4 : couplings[index]
            pairValue[pair.i * n + pair.j] = v
            if encoding == .qubo {
                h[pair.i] += v
                h[pair.j] += v
            }
        }
        for i in 0..<n {
            for s in problem.rowStart[i]..<problem.rowStart[i + 1] {
                let j = Int(problem.columns[s])
                value[s] = pairValue[min(i, j) * n + max(i, j)] ?? 0
            }
        }
        return IsingProblem(n: n, h: h, rowStart: problem.rowStart, columns: problem.columns, values: value, offset: 0)
    }
}

/// An Ising problem whose programmed coefficients are integers standing for `scale` × themselves in the
/// original.
public struct QuantisedProblem: Sendable {
    /// What the machine runs (offset 0); couplings that rounded to 0 stay in the pattern, inert.
    public let problem: IsingProblem
    public let precision: CouplingPrecision
    /// Original coefficients ≈ scale × programmed integers.
    public let scale: Double
    /// original energy ≈ scale × problem.energy(s) + energyOffset (exact when nothing was rounded).
    public let energyOffset: Double
    /// The original problem's programmed coefficients, and the integers they became.
    public let original: ProgrammedCoefficients
    public let programmed: ProgrammedCoefficients

    /// An energy of `problem` in the original problem's units.
    public func originalUnits(_ energy: Double) -> Double { scale * energy + energyOffset }

    /// ‖scale·programmed − original‖ / ‖original‖ over fields and couplings together.
    public var relativeError: Double {
        let f = errorSums(original.fields, programmed.fields), c = errorSums(original.couplings, programmed.couplings)
        return f.norm + c.norm > 0 ? ((f.lost + c.lost) / (f.norm + c.norm)).squareRoot() : 0
    }

    /// The same over the couplings alone, and over the fields alone.
    public var couplingError: Double { relative(errorSums(original.couplings, programmed.couplings)) }
    public var fieldError: Double { relative(errorSums(original.fields, programmed.fields)) }

    private func errorSums(_ a: [Double], _ q: [Double]) -> (lost: Double, norm: Double) {
        var lost = 0.0, norm = 0.0
        for (v, r) in zip(a, q) {
            lost += (r * scale - v) * (r * scale - v)
            norm += v * v
        }
        return (lost, norm)
    }

    private func relative(_ s: (lost: Double, norm: Double)) -> Double { s.norm > 0 ? (s.lost / s.norm).squareRoot() : 0 }
}
