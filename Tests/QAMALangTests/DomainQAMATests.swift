import Foundation
import JupyterKernel
import Testing

@Suite("QAMA builtins and figures")
struct DomainQAMATests {
    static let setup = """
        seed(5)
        let Q = randn(2, 6, 8)
        let K = randn(2, 6, 8)
        let V = rand(2, 6, 8)
        param γ = 2
        let m = qama(Q, K, V, bits: 2, gamma: γ)
        let r = solve(m, sa(reads: 8, sweeps: 300))
        """

    @Test func decodingShapes() {
        let s = DomainSession()
        _ = s.text(Self.setup)
        #expect(s.text("weights(r).shape") == "[2, 6]")
        #expect(s.text("mask(r).shape") == "[2, 6]")
        #expect(s.number("sum(mask(r) * (1 - mask(r)))") == 0, "a mask holds only 0 and 1")
        #expect(s.text("output(r, V).shape") == "[2, 6, 8]")
        #expect(s.text("attention(Q, K).shape") == "[2, 6, 6]")
        #expect(abs(s.number("sum(attention(Q, K)[0, 3, :])") - 1) < 1e-12)
        #expect(s.text("importance(Q, K).shape") == "[2, 6]")
        #expect(s.text("headoverlap(r).shape") == "[2, 2]")
        #expect(s.text("rankcorr(importance(Q, K), importance(Q, K))") == "[1, 1]")
        #expect(s.text("topk(importance(Q, K), importance(Q, K), 2)") == "[1, 1]")
        #expect(s.number("m.variables") == 24)
        // the exact optimum is at least as low as SA's
        #expect(s.number("solve(m, exact()).energy") <= s.number("r.energy") + 1e-9)
    }

    @Test func weightsAsParamsLandInTheirOwnTerm() {
        let s = DomainSession()
        _ = s.text(Self.setup + "\nparam a = 1\nlet ma = qama(Q, K, V, bits: 2, alpha: a, gamma: γ)\nlet ra = solve(ma, exact())")
        let terms = s.text("ra.terms")
        #expect(terms.contains("a") && terms.contains("γ") && terms.contains("objective"))
        #expect(abs(s.number("ra.terms.total") - s.number("ra.energy")) < 1e-9)
    }

    @Test func decodingNeedsAQAMAResult() {
        let s = DomainSession()
        _ = s.text("let y = binary(2, name: \"y\")\nlet r = solve(y[0] + y[1], exact())")
        #expect(s.error("weights(r)")?.name == "TypeError")
        #expect(s.error("sparsity(r)")?.name == "TypeError")
        #expect(s.error("qama(randn(2, 3), randn(3, 4), rand(2, 3))")?.name == "ShapeError")
    }

    @Test func figuresAreSVGWithADescription() throws {
        let s = DomainSession()
        _ = s.text(Self.setup + "\nlet r2 = solve(m, sb(agents: 8, steps: 100))")
        for call in ["sparsity(r)", "landscape(m, r)", "histogram(r)", "trace(r)", "compare(r, r2)",
                     "heatmap(weights(r), title: \"w\")", "heatmap(attention(Q, K)[0, :, :], title: \"head 0\")",
                     "plot(sweep(m, γ, [1, 4], sa(reads: 2, sweeps: 50)))"] {
            let bundle = s.bundle(call)
            let svg = try #require(bundle["image/svg+xml"], "\(call) has no SVG")
            #expect(svg.hasPrefix("<svg") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""), "\(call)")
            #expect(!(bundle["text/plain"] ?? "").isEmpty, "\(call) has no description")
        }
        #expect(s.error("heatmap(Q)")?.name == "ShapeError")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qama-fig-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = s.text("save(sparsity(r), \"\(path)\")")
        #expect((try? String(contentsOfFile: path, encoding: .utf8))?.hasPrefix("<svg") == true)
    }

    @Test func sweepRestoresTheParamAndTabulatesEachValue() {
        let s = DomainSession()
        _ = s.text(Self.setup + "\nlet sw = sweep(m, γ, [0.5, 8], sa(reads: 4, sweeps: 100))")
        #expect(s.text("γ").contains("2"))
        #expect(s.text("sw.values") == "[0.5, 8]")
        #expect(s.number("sw.results.count") == 2)
        let text = s.text("sw")
        #expect(text.hasPrefix("figure: energy terms and sparsity vs γ"))
        #expect(text.contains("nonzero"))
        #expect(s.error("sweep(m, 3, [1, 2], sa())")?.name == "TypeError")
    }
}
