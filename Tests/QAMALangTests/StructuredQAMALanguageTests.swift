import Foundation
import JupyterKernel
import QAMALang
import Testing

/// qama(...) models in structured form: a large model is never expanded by solving it with sa(), reading its
/// terms and energies, re-weighting it, sweeping it or drawing its landscape; its structured energies are the
/// expanded model's once something (ising(m)) asks for the couplings.
@Suite("Structured QAMA models in the language")
struct StructuredQAMALanguageTests {
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

    /// 8 heads × 520 tokens: 8·520·519/2 + 520·28 = 1,094,080 couplings expanded, above the 2^20 eager limit.
    static let large = """
        seed(3)
        param γ = 0.8
        let m = qama(randn(8, 520, 4), randn(8, 520, 4), rand(8, 520, 4), gamma: γ)
        """

    @Test("a large v2 model solves, re-weights, sweeps and draws without expanding; ising(m) expands it")
    func largeV2StaysStructured() {
        let s = LangSession()
        _ = s.text(Self.large)
        #expect(s.number("m.couplings") == 1_094_080)
        #expect(s.number("m.variables") == 4_160)
        let summary = s.text("m")
        #expect(summary.contains("1094080 when expanded; held in structured form"), "\(summary)")
        _ = s.text("let r = solve(m, sa(reads: 2, sweeps: 20, seed: 4))")
        #expect(s.text("r").contains("layout: structured"))
        // The terms add up to the energy, and the energy of the best sample is the result's.
        #expect(Self.close(s.number("r.term(\"query-key\") + r.term(\"value\") + r.term(\"head overlap\")"), s.number("r.energy")))
        #expect(Self.close(s.number("energy(m, r.best)"), s.number("r.energy")))
        // Re-weighting γ: the next solve's head-overlap term is weighted by the new value.
        _ = s.text("γ = 2\nlet r2 = solve(m, sa(reads: 1, sweeps: 10, seed: 4))")
        #expect(s.text("r2.terms").contains("head overlap"))
        #expect(Self.close(s.number("energy(m, r2.best)"), s.number("r2.energy")))
        _ = s.text("let sw = sweep(m, γ, [0.5, 1], sa(reads: 1, sweeps: 5, seed: 1))")
        _ = s.text("landscape(m, r)")
        #expect(s.text("m").contains("when expanded"), "nothing above expanded the model")
        // ising(m) expands (after the memory estimate); the structured energies are the expanded model's.
        _ = s.text("let c = ising(m)")
        #expect(!s.text("m").contains("when expanded"))
        #expect(s.number("m.couplings") == 1_094_080)
        _ = s.text("γ = 0.8")
        let structured = s.number("r.energy"), expanded = s.number("energy(m, r.best)")
        #expect(Self.close(structured, expanded), "\(structured) vs \(expanded)")
        // Still structured after expanding: the rule depends on the model's size, not on what was built.
        #expect(s.text("solve(m, sa(reads: 1, sweeps: 2, seed: 9))").contains("layout: structured"))
    }

    @Test("a large v1 model anneals at token level; its energies equal the expanded model's")
    func largeV1() {
        let s = LangSession()
        // 2 heads × 300 tokens × 4 bits: 2·1200·1199/2 + 1200 = 1,440,000 bit couplings expanded.
        _ = s.text("seed(8)\nlet m = qama(randn(2, 300, 6), randn(2, 300, 6), rand(2, 300, 6), formulation: \"v1\")")
        #expect(s.number("m.couplings") == 1_440_000)
        _ = s.text("let r = solve(m, sa(reads: 2, sweeps: 10, seed: 2))")
        #expect(s.text("r").contains("layout: structured"))
        #expect(Self.close(s.number("r.term(\"query-key\") + r.term(\"value\") + r.term(\"head overlap\")"), s.number("r.energy")))
        #expect(s.text("weights(r).shape") == "[2, 300]")
        _ = s.text("let c = qubo(m)")
        #expect(Self.close(s.number("energy(m, r.best)"), s.number("r.energy")))
    }

    @Test("on a small model both layouts solve it; the structured energies are the generic model's")
    func smallModelBothLayouts() {
        let s = LangSession()
        _ = s.text("""
            seed(5)
            param γ = 0.8
            let m = qama(randn(2, 6, 8), randn(2, 6, 8), rand(2, 6, 8), gamma: γ)
            let rs = solve(m, sa(reads: 8, sweeps: 200, seed: 3, layout: "structured"))
            let rg = solve(m, sa(reads: 8, sweeps: 200, seed: 3, layout: "generic"))
            let ra = solve(m, sa(reads: 8, sweeps: 200, seed: 3))
            let re = solve(m, exact())
            """)
        #expect(s.text("rs").contains("layout: structured"))
        #expect(!s.text("rg").contains("layout: structured"))
        #expect(!s.text("ra").contains("layout: structured"), "auto keeps small models generic")
        #expect(Self.close(s.number("energy(m, rs.best)"), s.number("rs.energy")))
        // A 12-bit model: both find the exact ground state.
        #expect(Self.close(s.number("rs.energy"), s.number("re.energy")))
        #expect(Self.close(s.number("rg.energy"), s.number("re.energy")))
        #expect(s.text("sa(reads: 2, layout: \"structured\")").contains("layout: structured"))
        #expect(!s.text("sa(reads: 2)").contains("layout"), "the default is not shown, so saved outputs do not change")
    }

    @Test("layout: \"structured\" on a model that is not a qama(...) model is a clear error")
    func structuredNeedsQAMA() {
        let s = LangSession()
        _ = s.text("let x = binary(3, name: \"x\")")
        let e = s.run("solve(x[0] * x[1] - x[2], sa(layout: \"structured\"))").outcome.error
        #expect(e?.name == "ValueError")
        #expect(e?.value == "sa(layout: \"structured\") anneals qama(...) models only, and this model is expression; use layout: \"generic\" or \"auto\"")
        #expect(s.run("sa(layout: \"diagonal\")").outcome.error?.name == "ValueError")
    }

    @Test("expanding, and v1's token couplings, are refused by the memory budget with the sizes named; state is kept")
    func memoryBudget() {
        let s = LangSession()
        // 50 MB: the structured form (Q, K, the value field) fits, the expanded model (74.6 MB of couplings and
        // blocks, 17.3 MB of J) does not.
        s.interpreter.session.environment["QAMA_MEMORY_LIMIT_GB"] = "0.05"
        _ = s.text(Self.large)
        _ = s.text("let r = solve(m, sa(reads: 1, sweeps: 5, seed: 1))")
        let e = s.run("ising(m)").outcome.error
        #expect(e.map { "\($0.name): \($0.value)" }
                == "ValueError: expanding this QAMA model into 1094080 couplings needs about 91.9 MB; 50.0 MB of memory is available")
        #expect(s.run("solve(m, sa(layout: \"generic\"))").outcome.error?.value.hasPrefix("expanding this QAMA model") == true)
        #expect(s.text("m").contains("when expanded"), "a refused expansion leaves the model structured")
        #expect(s.number("r.reads") == 1)
        // v1 over 10,000 tokens: 3 × 10⁸ Doubles of token couplings.
        let v1 = s.run("qama(randn(10000, 2), randn(10000, 2), rand(10000, 2), formulation: \"v1\")").outcome.error
        #expect(v1.map { "\($0.name): \($0.value)" }
                == "ValueError: qama(..., formulation: \"v1\") over 1 heads of 10000 tokens (its token couplings) needs about 2.4 GB; 50.0 MB of memory is available")
    }

    /// v1's structured annealer computes ΔE in Double and its default β range exactly, from the same streams in
    /// the same variable order as the generic SA: with one seed both walk the same trajectory.
    @Test("v1: structured and generic sa() with one seed reach the same samples")
    func v1SameTrajectory() {
        let s = LangSession()
        _ = s.text("""
            seed(2)
            let m1 = qama(randn(2, 6, 4), randn(2, 6, 4), rand(2, 6, 4), formulation: "v1", bits: 3)
            let rs = solve(m1, sa(reads: 4, sweeps: 100, seed: 7, layout: "structured"))
            let rg = solve(m1, sa(reads: 4, sweeps: 100, seed: 7, layout: "generic"))
            """)
        #expect(s.number("sum(abs(rs.best - rg.best))") == 0)
        #expect(s.number("rs.best.shape[0]") == 36)
        #expect(Self.close(s.number("rs.energy"), s.number("rg.energy")))
        #expect(s.text("rs").contains("layout: structured"))
    }

    @Test("structured results depend on the seed only, not on the thread count")
    func threadCountIndependent() {
        let s = LangSession()
        _ = s.text(Self.large + """

            let a = solve(m, sa(reads: 4, sweeps: 20, seed: 3, threads: 1))
            let b = solve(m, sa(reads: 4, sweeps: 20, seed: 3, threads: 2))
            """)
        #expect(s.text("a").contains("layout: structured"))
        #expect(s.number("sum(abs(a.samples - b.samples))") == 0)
        #expect(s.number("sum(abs(a.trace - b.trace))") == 0)
        #expect(s.text("a.energies") == s.text("b.energies"))
    }
}
