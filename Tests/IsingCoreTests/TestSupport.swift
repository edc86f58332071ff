import IsingCore

/// Random small expressions over a few binary and spin variables, with integer coefficients (so
/// every conversion is exact) and some param-dependent terms.
struct RandomModels {
    var rng: SeededRandom
    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    mutating func coefficient(params: [String]) -> ParamLinear {
        var c = ParamLinear(Double(int(-4...4)))
        if !params.isEmpty && int(0...2) == 0 {
            c = c + ParamLinear(param: params[int(0...(params.count - 1))], coefficient: Double(int(-3...3)))
        }
        return c
    }

    /// A random expression over `ids` (products of single variables, so squares fold too).
    mutating func expression(_ registry: VariableRegistry, ids: [Int], params: [String] = [], terms: Int = 12)
        throws -> Expression {
        var acc = ExpressionAccumulator()
        acc.add(Double(int(-3...3)))
        for _ in 0..<terms {
            let a = registry.expression(ids[int(0...(ids.count - 1))])
            let b = registry.expression(ids[int(0...(ids.count - 1))])
            let c = coefficient(params: params)
            let term = int(0...2) == 0 ? a : try a.multiplied(by: b)
            acc.add(try term.scaled(by: c))
        }
        return acc.result
    }
}

/// Every assignment of `ids` (value per id: 0/1 for binary, ±1 for spin), as a closure per state.
func allStates(_ registry: VariableRegistry, _ ids: [Int]) -> [[Int: Double]] {
    (0..<(1 << ids.count)).map { mask in
        var v: [Int: Double] = [:]
        for (k, id) in ids.enumerated() {
            let bit = (mask >> k) & 1
            v[id] = registry.vartype(of: id) == .binary ? Double(bit) : (bit == 1 ? 1 : -1)
        }
        return v
    }
}

/// The model sample (model vartype) for an assignment of ids.
func sample(_ model: CompiledModel, _ registry: VariableRegistry, _ values: [Int: Double]) -> [Int8] {
    model.variableIDs.map { id in
        let v = values[id] ?? 0
        if model.vartype == registry.vartype(of: id) { return Int8(v) }
        return model.vartype == .binary ? (v > 0 ? 1 : 0) : (v > 0 ? 1 : -1)  // s = 2x − 1
    }
}

/// All 2ⁿ samples of a model in its own vartype.
func allSamples(_ model: CompiledModel) -> [[Int8]] {
    let n = model.variableCount
    return (0..<(1 << n)).map { mask in
        (0..<n).map { k in
            let bit = Int8((mask >> k) & 1)
            return model.vartype == .binary ? bit : 2 * bit - 1
        }
    }
}
