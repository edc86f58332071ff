import IsingCore
import Testing

@Suite struct ExpressionTests {
    @Test func blocksNameTheirVariables() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [2, 3], vartype: .binary)
        let s = r.declare(name: "s", shape: [], vartype: .spin)
        #expect(try x.id(at: [1, 2]) == 5)
        #expect(r.name(of: 5) == "x[1,2]")
        #expect(r.name(of: s.firstID) == "s")
        #expect(r.vartype(of: s.firstID) == .spin)
        #expect(throws: ExpressionError.self) { try x.id(at: [2, 0]) }
    }

    @Test func squaresFoldByVartype() throws {
        let r = VariableRegistry()
        let x = r.expression(r.declare(name: "x", shape: [], vartype: .binary).firstID)
        let s = r.expression(r.declare(name: "s", shape: [], vartype: .spin).firstID)
        let xx = try x.multiplied(by: x)
        #expect(xx.degree == 1 && xx.coefficient(of: x.variableIDs[0]) == 1)
        let ss = try s.power(2)
        #expect(ss.isConstant && ss.offset == 1)
        #expect(try (x * 3 + 1.0).power(0).offset == 1)
        // x·s·x = x·s: folds back to degree 2.
        #expect(try x.multiplied(by: s).multiplied(by: x).degree == 2)
    }

    @Test func degreeThreeErrorNamesTheTerm() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [2, 3], vartype: .binary)
        let e = { (i: Int, j: Int) in r.expression(try! x.id(at: [i, j])) }
        let pair = try e(0, 1).multiplied(by: e(0, 2))
        #expect(throws: ExpressionError("x[0,1]*x[0,2]*x[1,0] has degree 3; a term can have degree at most 2")) {
            try pair.multiplied(by: e(1, 0))
        }
        // Binary cubes fold: (a + b)³ = a + b + 6ab has degree 2; three distinct variables do not.
        #expect(try (e(0, 0) + e(0, 1)).power(3).degree == 2)
        #expect(throws: ExpressionError("x[0,0]*x[0,1]*x[0,2] has degree 3; a term can have degree at most 2")) {
            try (e(0, 0) + e(0, 1) + e(0, 2)).power(3)
        }
    }

    @Test func paramTimesParamIsAnError() throws {
        let r = VariableRegistry()
        let x = r.expression(r.declare(name: "x", shape: [], vartype: .binary).firstID)
        let gx = try x.scaled(by: ParamLinear(param: "γ"))
        #expect(throws: ExpressionError("coefficients must be linear in params: γ * δ")) {
            try gx.scaled(by: ParamLinear(param: "δ"))
        }
        #expect(throws: ExpressionError("coefficients must be linear in params: γ * δ")) {
            try gx.multiplied(by: Expression(constant: ParamLinear(param: "δ")) * x)
        }
    }

    @Test func sumDotAndQuadMatchDirectEvaluation() throws {
        let r = VariableRegistry()
        let b = r.declare(name: "x", shape: [3], vartype: .binary)
        let xs = b.ids.map(r.expression)
        let d = try Expression.dot([1, -2, 3], xs)
        let j: [Double] = [0, 1, 2, 1, 5, -1, 0, 3, 0]
        let q = try Expression.quad(j, xs)
        let total = Expression.sum([d, q, Expression(4)])
        for v in allStates(r, Array(b.ids)) {
            let x = b.ids.map { v[$0]! }
            var expected = 4 + x[0] - 2 * x[1] + 3 * x[2]
            for a in 0..<3 { for c in 0..<3 { expected += j[a * 3 + c] * x[a] * x[c] } }
            #expect(try total.evaluate { v[$0]! } == expected)
        }
    }

    @Test func descriptionListsTermsInIdOrder() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [3], vartype: .binary).ids.map(r.expression)
        let e = x[1] * 2 - (try x[0].multiplied(by: x[2])) + (try x[0].scaled(by: ParamLinear(param: "γ"))) + 3
        #expect(e.description == "γ*x[0] + 2*x[1] - x[0]*x[2] + 3")
        #expect(Expression.sum(x).text(maxTerms: 2) == "x[0] + x[1] + … (1 more terms)")
    }

    @Test func cancellingTermsVanish() {
        let r = VariableRegistry()
        let x = r.expression(r.declare(name: "x", shape: [], vartype: .binary).firstID)
        #expect((x - x).termCount == 0)
    }

    @Test func hugeProductFailsFastWithMemoryMessage() throws {
        let r = VariableRegistry()
        let b = r.declare(name: "x", shape: [10_000_000], vartype: .binary)
        var acc = ExpressionAccumulator()
        // A 2·10⁵-term sum squared would need terabytes: refused before any expansion.
        for id in b.ids.prefix(200_000) { acc.addLinear(id, .one, registry: r) }
        let big = acc.result
        #expect(throws: ExpressionError.self) { try big.multiplied(by: big) }
        do { _ = try big.multiplied(by: big) } catch let e as ExpressionError {
            // Against the memory available now (MemAvailable), so only the shape of the message is fixed here.
            #expect(e.message.hasPrefix("this product needs about 1.9 TB; ") && e.message.hasSuffix(" of memory is available"))
        }
    }
}
