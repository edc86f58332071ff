import Foundation

/// The JSON model format (documented in docs/model-format.md): every block with its param, the
/// variable names and ids, the registered constraints and, optionally, param values. Reading it back
/// gives a model with identical blocks, so re-weighting still works after a round trip.
public enum ModelJSON {
    public static let formatName = "qama-model"
    public static let version = 1

    public static func encode(_ model: CompiledModel, params: [String: Double] = [:]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(File(model, params: params))
    }

    public static func decode(_ data: Data, source: String = "model.json") throws
        -> (model: CompiledModel, params: [String: Double]) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw FormatError("\(source) is not a qama model file: \(error)")
        }
        guard file.format == formatName else { throw FormatError("\(source): format is '\(file.format)', not '\(formatName)'") }
        guard file.version <= version else { throw FormatError("\(source): version \(file.version) is newer than \(version)") }
        return (try file.model(source), file.params ?? [:])
    }

    public static func write(_ model: CompiledModel, params: [String: Double] = [:], path: String) throws {
        try FileBytes.write([UInt8](try encode(model, params: params)), to: path)
    }

    public static func read(path: String) throws -> (model: CompiledModel, params: [String: Double]) {
        try decode(Data(try FileBytes.read(path)), source: path)
    }

    // MARK: the file's shape

    struct Linear: Codable { var index: [Int]; var value: [Double] }
    struct Quadratic: Codable { var i: [Int]; var j: [Int]; var value: [Double] }
    struct Block: Codable {
        var param: String?; var offset: Double; var linear: Linear; var quadratic: Quadratic

        /// `"param": null` is written out for the constant block (docs/model-format.md promises every key;
        /// the synthesised encoder would leave it out).
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(param, forKey: .param)
            try c.encode(offset, forKey: .offset)
            try c.encode(linear, forKey: .linear)
            try c.encode(quadratic, forKey: .quadratic)
        }
    }
    struct Weight: Codable { var constant: Double; var params: [String: Double] }
    struct Penalty: Codable {
        var index: [Int]; var coefficient: [Double]; var constant: Double
        var square_scale: Double; var linear_scale: Double; var weight: Weight; var slack: [Int]
    }
    struct Constraint: Codable {
        var name: String; var relation: String; var index: [Int]; var coefficient: [Double]; var constant: Double
        var penalty: Penalty
    }
    struct File: Codable {
        var format: String
        var version: Int
        var vartype: Vartype
        var variables: [String]
        var variable_ids: [Int]
        var blocks: [Block]
        var constraints: [Constraint]
        var params: [String: Double]?

        init(_ m: CompiledModel, params: [String: Double]) {
            format = ModelJSON.formatName
            version = ModelJSON.version
            vartype = m.vartype
            variables = m.names
            variable_ids = m.variableIDs
            blocks = m.blocks.map { b in
                var lin = Linear(index: [], value: [])
                for (i, v) in b.linear.enumerated() where v != 0 { lin.index.append(i); lin.value.append(v) }
                var quad = Quadratic(i: [], j: [], value: [])
                if !b.quadratic.isEmpty {
                    for i in 0..<m.variableCount {
                        for k in m.rowStart[i]..<m.rowStart[i + 1] where b.quadratic[k] != 0 {
                            quad.i.append(i); quad.j.append(Int(m.columns[k])); quad.value.append(b.quadratic[k])
                        }
                    }
                }
                return Block(param: b.param, offset: b.offset, linear: lin, quadratic: quad)
            }
            constraints = m.constraints.map { c in
                let w = Weight(constant: c.weight.constant,
                               params: Dictionary(uniqueKeysWithValues: c.weight.terms.map { ($0.param, $0.coefficient) }))
                let p = Penalty(index: c.penaltyTerms.map(\.index), coefficient: c.penaltyTerms.map(\.coefficient),
                                constant: c.penaltyConstant, square_scale: c.squareScale, linear_scale: c.linearScale,
                                weight: w, slack: c.slackIndices)
                return Constraint(name: c.name, relation: c.relation.rawValue, index: c.terms.map(\.index),
                                  coefficient: c.terms.map(\.coefficient), constant: c.constant, penalty: p)
            }
            self.params = params.isEmpty ? nil : params
        }

        func model(_ source: String) throws -> CompiledModel {
            let n = variables.count
            guard variable_ids.count == n, blocks.first?.param == nil else {
                throw FormatError("\(source): needs one id per variable and the constant block first")
            }
            func check(_ i: Int) throws -> Int {
                guard i >= 0 && i < n else { throw FormatError("\(source): variable index \(i) out of range 0..<\(n)") }
                return i
            }
            var b = ModelBuilder(vartype: vartype, names: variables)
            b.variableIDs = variable_ids
            for block in blocks {
                guard block.linear.index.count == block.linear.value.count,
                      block.quadratic.i.count == block.quadratic.value.count,
                      block.quadratic.j.count == block.quadratic.value.count
                else { throw FormatError("\(source): index and value lists differ in length") }
                b.addOffset(block.offset, param: block.param)
                for (i, v) in zip(block.linear.index, block.linear.value) { b.addLinear(try check(i), v, param: block.param) }
                b.reserveQuadratic(block.quadratic.value.count, param: block.param)
                for k in block.quadratic.value.indices {
                    let i = try check(block.quadratic.i[k]), j = try check(block.quadratic.j[k])
                    guard i != j else { throw FormatError("\(source): a coupling needs two different variables") }
                    b.addQuadratic(i, j, block.quadratic.value[k], param: block.param)
                }
            }
            for c in constraints {
                guard let relation = ConstraintRecord.Relation(rawValue: c.relation) else {
                    throw FormatError("\(source): unknown relation '\(c.relation)'")
                }
                let weight = ParamLinear(constant: c.penalty.weight.constant,
                                         terms: c.penalty.weight.params.map { .init(param: $0.key, coefficient: $0.value) })
                b.addConstraint(ConstraintRecord(
                    name: c.name, terms: try zip(c.index, c.coefficient).map { (try check($0), $1) }, constant: c.constant,
                    relation: relation,
                    penaltyTerms: try zip(c.penalty.index, c.penalty.coefficient).map { (try check($0), $1) },
                    penaltyConstant: c.penalty.constant, squareScale: c.penalty.square_scale,
                    linearScale: c.penalty.linear_scale, weight: weight, slackIndices: try c.penalty.slack.map(check)))
            }
            return b.compile()
        }
    }
}
