import Foundation
import JupyterKernel
import QAMALang
import Testing

@Suite("QAMA builtins and figures")
struct DomainQAMATests {
    static let setup = """
        seed(5)
        let Q = randn(2, 6, 8)
        let K = randn(2, 6, 8)
        let V = rand(2, 6, 8)
        param γ = 2
        let m = qama(Q, K, V, gamma: γ)
        let r = solve(m, sa(reads: 8, sweeps: 300))
        """

    @Test func decodingShapes() {
        let s = LangSession()
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
        #expect(s.number("m.variables") == 12, "v2: one bit per head and token")
        // the exact optimum is at least as low as SA's
        #expect(s.number("solve(m, exact()).energy") <= s.number("r.energy") + 1e-9)
    }

    /// r.terms of a QAMA model names its three terms whether or not the weights are params, and they add up
    /// to the best energy; r.term(name) reads one.
    @Test func termsNameTheThreeQAMATerms() {
        let s = LangSession()
        _ = s.text(Self.setup + "\nparam a = 1\nlet ma = qama(Q, K, V, alpha: a, gamma: γ)\nlet ra = solve(ma, exact())"
                   + "\nlet mf = qama(Q, K, V)\nlet rf = solve(mf, exact())")
        for r in ["ra", "rf", "r"] {
            let terms = s.text("\(r).terms")
            #expect(terms.contains("query-key") && terms.contains("value") && terms.contains("head overlap"), "\(terms)")
            #expect(!terms.contains("objective"))
            let sum = s.number("\(r).term(\"query-key\") + \(r).term(\"value\") + \(r).term(\"head overlap\")")
            #expect(abs(sum - s.number("\(r).energy")) < 1e-9)
            #expect(abs(s.number("\(r).terms.total") - s.number("\(r).energy")) < 1e-9)
        }
        // The same weights as numbers or as params give the same terms.
        #expect(s.text("ra.term(\"value\")") == s.text("rf.term(\"value\")"))
        #expect(s.error("ra.term(\"objective\")")?.value
                == "r.term(): no term named \"objective\"; the terms are \"query-key\", \"value\", \"head overlap\", \"total\"")
    }

    @Test func v1IsKeptUnderItsFormulation() {
        let s = LangSession()
        _ = s.text(Self.setup + "\nlet m1 = qama(Q, K, V, formulation: \"v1\", bits: 2, gamma: γ, coupling: \"dot\", normalize: false)"
                   + "\nlet r1 = solve(m1, exact())")
        #expect(s.number("m1.variables") == 24)
        #expect(s.text("weights(r1).shape") == "[2, 6]")
        #expect(s.text("output(r1, V).shape") == "[2, 6, 8]")
        let terms = s.text("r1.terms")
        #expect(terms.contains("query-key") && terms.contains("head overlap"))
        let sum = s.number("r1.term(\"query-key\") + r1.term(\"value\") + r1.term(\"head overlap\")")
        #expect(abs(sum - s.number("r1.energy")) < 1e-9)
    }

    @Test func aLabelOfTheOtherFormulationIsAnErrorNamingIt() {
        let s = LangSession()
        _ = s.text(Self.setup)
        let bits = s.error("qama(Q, K, V, bits: 2)")
        #expect(bits?.name == "ValueError")
        #expect(bits?.value == "qama(): 'bits:' belongs to formulation \"v1\", but this call builds formulation \"v2\" (the default); "
                + "pass formulation: \"v1\" or drop 'bits:'")
        #expect(s.error("qama(Q, K, V, formulation: \"v2\", coupling: \"js\")")?.value
                == "qama(): 'coupling:' belongs to formulation \"v1\", but this call builds formulation \"v2\"; "
                + "pass formulation: \"v1\" or drop 'coupling:'")
        #expect(s.error("qama(Q, K, V, formulation: \"v1\", e2v: ones(8))")?.value
                == "qama(): 'e2v:' belongs to formulation \"v2\", but this call builds formulation \"v1\"; "
                + "pass formulation: \"v2\" or drop 'e2v:'")
        #expect(s.error("qama(Q, K, V, formulation: \"v3\")")?.value == "qama() 'formulation:' must be one of \"v2\", \"v1\", got \"v3\"")
        #expect(s.error("qama(Q, K, V, e2v: ones(7))")?.value == "e2v has 7 values but V has d = 8 features; e2v must have length d")
        #expect(s.error("qama(Q, K, V, e2v: ones(2, 4))")?.name == "ShapeError")
        #expect(s.error("qama(Q, K, V, beta: \"x\")")?.name == "TypeError")
    }

    /// The signature shows the defaults the QAMA types hold.
    @Test func signatureShowsTheRealDefaults() {
        let i = QAMAInterpreter()
        let text = i.inspect(code: "qama(Q", cursorPosition: 4, detailLevel: 0)?["text/plain"] ?? ""
        #expect(text.hasPrefix("qama(Q, K, V, formulation: \"v2\" | \"v1\", alpha: 1, beta: 0.16, gamma: 0.8, e2v: ones(d); "
                               + "v1: bits: 4, alpha: 1, beta: 1, gamma: 2, coupling: \"js\" | \"dot\", normalize: true)\n\n"), "\(text)")
    }

    /// e2v scales the output feature by feature: with e2v = 2·ones, the value field doubles, so compare at β = 0.
    @Test func e2vScalesTheOutput() {
        let s = LangSession()
        _ = s.text(Self.setup + "\nlet m0 = qama(Q, K, V, beta: 0)\nlet r0 = solve(m0, exact())"
                   + "\nlet m2 = qama(Q, K, V, beta: 0, e2v: 2 * ones(8))\nlet r2 = solve(m2, exact())")
        #expect(s.text("mask(r0)") == s.text("mask(r2)"))
        #expect(s.text("output(r0, V).shape") == "[2, 6, 8]")
        #expect(s.number("sum(mask(r0))") > 0)
    }

    @Test func decodingNeedsAQAMAResult() {
        let s = LangSession()
        _ = s.text("let y = binary(2, name: \"y\")\nlet r = solve(y[0] + y[1], exact())")
        #expect(s.error("weights(r)")?.name == "TypeError")
        #expect(s.error("sparsity(r)")?.name == "TypeError")
        #expect(s.error("qama(randn(2, 3), randn(3, 4), rand(2, 3))")?.name == "ShapeError")
    }

    @Test func figuresAreSVGWithADescription() throws {
        let s = LangSession()
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
        let s = LangSession()
        _ = s.text(Self.setup + "\nlet sw = sweep(m, γ, [0.5, 8], sa(reads: 4, sweeps: 100))")
        #expect(s.text("γ") == "γ = 2 (param)")
        #expect(s.text("sw.values") == "[0.5, 8]")
        #expect(s.number("sw.results.count") == 2)
        let text = s.text("sw")
        #expect(text.hasPrefix("figure: energy terms and sparsity vs γ"))
        #expect(text.contains("nonzero") && text.contains("head overlap term"))
        #expect(s.text("sw.term(\"head overlap\").shape") == "[2]")
        #expect(s.error("sweep(m, 3, [1, 2], sa())")?.name == "TypeError")
    }
}
