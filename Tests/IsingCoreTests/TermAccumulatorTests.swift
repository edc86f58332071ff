import Foundation
import IsingCore
import Testing

typealias Expression = IsingCore.Expression

/// The flat-buffer sum (TermAccumulator) and the sorted term form (SortedTerms) against the hash-map
/// `Expression` they stand in for: the same coefficients to the last bit, whichever form made them.
@Suite struct TermAccumulatorTests {
    /// Terms with many repeated keys, values of very different magnitudes (so summation order shows in the
    /// last bits), a param, folding squares, and ids above 2¹⁶ (so the radix sort needs several passes).
    static func randomTerms(_ r: VariableRegistry, seed: UInt64, count: Int) -> [(i: Int, j: Int, c: ParamLinear)] {
        var rng = SeededRandom(seed: seed)
        let x = r.declare(name: "x", shape: [70_000], vartype: .binary)
        let s = r.declare(name: "s", shape: [5], vartype: .spin)
        let ids = Array(x.ids.prefix(40)) + [x.firstID + 69_999, x.firstID + 65_536] + Array(s.ids)
        return (0..<count).map { _ in
            let i = ids[Int(rng.next() % UInt64(ids.count))], j = rng.next() % 3 == 0 ? -1 : ids[Int(rng.next() % UInt64(ids.count))]
            var c = ParamLinear((rng.nextUnit() - 0.5) * pow(10, Double(rng.next() % 12)))
            if rng.next() % 9 == 0 { c = c + ParamLinear(param: rng.next() % 2 == 0 ? "γ" : "λ", coefficient: rng.nextUnit()) }
            return (i, j, c)
        }
    }

    static func expectSameTerms(_ a: Expression, _ b: Expression, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(a.offset == b.offset, sourceLocation: sourceLocation)
        #expect(a.linear == b.linear, sourceLocation: sourceLocation)
        #expect(a.quadratic == b.quadratic, sourceLocation: sourceLocation)
        #expect(a.termCount == b.termCount && a.linearCount == b.linearCount && a.params == b.params, sourceLocation: sourceLocation)
        #expect(a.variableIDs == b.variableIDs, sourceLocation: sourceLocation)
    }

    @Test("finishing equals adding the same terms one by one to an Expression", arguments: [1, 2, 3])
    func sumsInAppendOrder(seed: Int) throws {
        let r = VariableRegistry()
        let terms = Self.randomTerms(r, seed: UInt64(seed), count: 30_000)
        var byTerm = Expression(), acc = TermAccumulator()
        byTerm.adopt(r)
        acc.adopt(r)
        for t in terms {
            if t.j < 0 {
                byTerm.addLinear(t.i, t.c)
                try acc.addLinear(t.i, t.c)
            } else {
                byTerm.addQuadratic(t.i, t.j, t.c)
                try acc.addQuadratic(t.i, t.j, t.c)
            }
        }
        acc.add(0.25)
        byTerm.addOffset(0.25)
        let flat = try acc.finish()
        #expect(flat.sorted != nil)
        Self.expectSameTerms(flat, byTerm)
    }

    @Test("merging mid-way (memory stays proportional to distinct terms) changes no coefficient")
    func mergesKeepTheOrder() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [100], vartype: .binary)
        var acc = TermAccumulator(), byTerm = Expression()
        acc.adopt(r)
        byTerm.adopt(r)
        // 3 million terms over 4,950 keys: the buffers merge whenever they reach a million entries.
        var rng = SeededRandom(seed: 9)
        for _ in 0..<3_000_000 {
            let i = Int(rng.next() % 100), j = Int(rng.next() % 100)
            if i == j { continue }
            let c = rng.nextUnit() * 1e-3 + 1
            try acc.addQuadratic(x.firstID + i, x.firstID + j, c)
            byTerm.addQuadratic(x.firstID + i, x.firstID + j, ParamLinear(c))
        }
        #expect(acc.entryCount < 1_048_576 + 4_950)
        Self.expectSameTerms(try acc.finish(), byTerm)
    }

    @Test("a sorted expression adds, scales, multiplies and compiles as its hash-map twin does")
    func sortedFormAgreesWithHashMaps() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [300], vartype: .binary)
        let s = r.declare(name: "s", shape: [40], vartype: .spin)
        var rng = SeededRandom(seed: 4)
        var acc = TermAccumulator(), twin = Expression()
        acc.adopt(r)
        twin.adopt(r)
        let ids = Array(x.ids) + Array(s.ids)
        for _ in 0..<20_000 {
            let i = ids[Int(rng.next() % UInt64(ids.count))], j = ids[Int(rng.next() % UInt64(ids.count))]
            let c = rng.nextGaussian()
            try acc.addQuadratic(i, j, ParamLinear(c))
            twin.addQuadratic(i, j, ParamLinear(c))
        }
        let sorted = try acc.finish()
        #expect(sorted.sorted != nil && twin.sorted == nil)
        Self.expectSameTerms(sorted, twin)
        // a + b, a - b, scaling by a number and by a param, products large and small.
        let γ = Expression(constant: ParamLinear(param: "γ"))
        let line = Expression.sum(x.ids.prefix(60).map { r.expression($0) * 1.5 }) + 1
        let big = Expression.sum(x.ids.map { r.expression($0) * 0.7 }) - 2
        Self.expectSameTerms(sorted + twin, twin + twin)
        Self.expectSameTerms(sorted + sorted * 0.5, twin + twin * 0.5)  // two sorted runs: one merge pass
        // Small additions one after another: a few merge, then the sum turns into hash maps; same values.
        var grown = sorted, grownTwin = twin
        for k in 0..<12 {
            let small = r.expression(x.firstID + k) * 0.3 + r.expression(s.firstID + k) * 1e-7
            grown.add(small)
            grownTwin.add(small)
        }
        #expect(grown.sorted == nil)
        Self.expectSameTerms(grown, grownTwin)
        Self.expectSameTerms(sorted - twin * 0.5, twin - twin * 0.5)
        Self.expectSameTerms(sorted * -3, twin * -3)
        Self.expectSameTerms(try sorted.multiplied(by: γ), try twin.multiplied(by: γ))
        Self.expectSameTerms(try big.multiplied(by: line), try hashMapProduct(big, line))
        Self.expectSameTerms(try big.power(2), try hashMapProduct(big, big))
        // Compiling either form gives the same model.
        let a = try sorted.compile(), b = try twin.compile()
        #expect(a.names == b.names && a.rowStart == b.rowStart && a.columns == b.columns && a.vartype == b.vartype)
        #expect(a.blocks.map(\.linear) == b.blocks.map(\.linear) && a.blocks.map(\.quadratic) == b.blocks.map(\.quadratic))
        #expect(a.blocks.map(\.offset) == b.blocks.map(\.offset))
    }

    /// a · b through the hash-map path (`addProduct`), whatever its size.
    func hashMapProduct(_ a: Expression, _ b: Expression) throws -> Expression {
        var out = Expression()
        try out.addProduct(a, b)
        return out
    }

    @Test("keys pack linear terms before quadratic ones, each in id order")
    func keyOrder() {
        #expect(TermKey.linear(7) < TermKey.linear(70_000))
        #expect(TermKey.linear(1 << 31) < TermKey.quadratic(0, 1))
        #expect(TermKey.quadratic(3, 1) == TermKey.quadratic(1, 3))
        #expect(TermKey.quadratic(1, 70_000) < TermKey.quadratic(2, 3))
        #expect(TermKey.first(TermKey.quadratic(70_000, 5)) == 5 && TermKey.second(TermKey.quadratic(70_000, 5)) == 70_000)
        #expect(!TermKey.isQuadratic(TermKey.linear(9)) && TermKey.first(TermKey.linear(9)) == 9)
    }
}
