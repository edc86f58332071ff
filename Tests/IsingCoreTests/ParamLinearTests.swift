import IsingCore
import Testing

@Suite struct ParamLinearTests {
    @Test func arithmeticKeepsParamsSymbolic() throws {
        let g = ParamLinear(param: "γ"), d = ParamLinear(param: "δ")
        let c = g * 2 + d - ParamLinear(3) + g
        #expect(c.constant == -3)
        #expect(c.coefficient(of: "γ") == 3)
        #expect(c.coefficient(of: "δ") == 1)
        #expect(try c.value(["γ": 2, "δ": 5]) == 8)
        #expect((g - g).isZero)
    }

    @Test func productOfTwoParamsIsAnError() throws {
        let g = ParamLinear(param: "γ"), d = ParamLinear(param: "δ")
        #expect(throws: ExpressionError("coefficients must be linear in params: γ * δ")) { try g.multiplied(by: d) }
        #expect(try g.multiplied(by: ParamLinear(2.0)) == g * 2)
    }

    @Test func missingParamValueIsAnError() {
        #expect(throws: ExpressionError.self) { try ParamLinear(param: "λ").value([:]) }
    }
}
