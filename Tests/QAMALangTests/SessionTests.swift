import Foundation
import JupyterKernel
import Testing

/// The two sessions at the top of LANGUAGE.md, typed exactly as written there.
@Suite("LANGUAGE.md sessions")
struct LangSessionTests {
    static let attentionSession = """
        seed(7)                                   // every random thing below is reproducible
        let Q = randn(4, 16, 32)                  // tensors: heads × tokens × features
        let K = randn(4, 16, 32)
        let V = rand(4, 16, 32)

        param γ = 2.0                             // a named penalty weight
        let m = qama(Q, K, V, gamma: γ)           // the paper's Hamiltonian, 4 heads × 16 tokens = 64 binaries
        m                                         // shows a summary table (variables, couplings, params)

        let r = solve(m, sa(reads: 32, sweeps: 2000))
        r                                         // best energy, energy breakdown by term, time, solver
        sparsity(r)                               // inline SVG: heads × tokens weight map
        landscape(m, r)                           // inline SVG: energy vs Hamming distance from the best state

        γ = 8.0                                   // re-weight: m is NOT rebuilt; the next solve uses 8.0
        let r2 = solve(m, sb(mode: "ballistic", agents: 64, steps: 1000))
        compare(r, r2)                            // side-by-side figure

        let s = sweep(m, γ, [0.5, 1, 2, 4, 8], sa(reads: 16))
        s                                         // figure: energy terms and sparsity vs γ
        """

    static let handWritten = """
        let x = binary(3, 5, name: "x")           // decision variables, 3×5
        param λ = 4
        let H = sum(i in 0..<3, j in 0..<5: (i + 1) * x[i, j])
              + λ * sum(i in 0..<3: khot(x[i, :], 2))
        let r = solve(H, exact())                 // H is compiled on demand
        r.value(x)                                // 3×5 tensor of 0/1
        """

    /// The attention session, one line per cell as a user steps through it.
    @Test func attentionSessionRunsLineByLine() throws {
        let session = LangSession()
        var results: [String: MimeBundle] = [:]
        for line in Self.attentionSession.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let code = String(line)
            let (outcome, _) = session.run(code)
            if let e = outcome.error { Issue.record("\(code)\n→ \(e.name): \(e.value)") }
            let head = code.split(separator: "/").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? code
            if let r = outcome.result { results[head] = r }
        }
        let model = try #require(results["m"]?["text/plain"])
        #expect(model.contains("64 binary"))
        #expect(model.contains("γ = 2"))
        #expect(results["m"]?["text/html"]?.contains("<table style=\"table-layout:auto;word-break:normal;overflow-wrap:normal\">") == true)

        let result = try #require(results["r"]?["text/plain"])
        #expect(result.contains("best energy"))
        #expect(result.contains("query-key") && result.contains("value") && result.contains("head overlap"))
        #expect(result.contains("sa(reads: 32, sweeps: 2000"))

        for figure in ["sparsity(r)", "landscape(m, r)", "compare(r, r2)"] {
            let svg = try #require(results[figure]?["image/svg+xml"], "\(figure) shows no SVG")
            #expect(svg.hasPrefix("<svg") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        }
        let sweep = try #require(results["s"])
        #expect(sweep["text/plain"]?.hasPrefix("figure: energy terms and sparsity vs γ") == true)
        #expect(sweep["image/svg+xml"]?.hasPrefix("<svg") == true)
        #expect(session.text("γ") == "γ = 8 (param)", "the sweep leaves the param as it was")
        #expect(session.number("r2.model.id") == session.number("m.id"), "re-weighting does not rebuild m")
    }

    /// The same text run as one cell: it must run start to finish.
    @Test func attentionSessionRunsAsOneCell() {
        let session = LangSession()
        let bundle = session.bundle(Self.attentionSession)
        #expect(bundle["text/plain"]?.hasPrefix("figure: energy terms and sparsity vs γ") == true)
    }

    @Test func handWrittenHamiltonian() throws {
        let session = LangSession()
        let value = session.text(Self.handWritten)
        // Row i costs i + 1 per one; λ = 4 makes exactly two ones per row worth it: rows of [1, 1, 0, 0, 0].
        #expect(value == "Tensor 3×5\n[[1, 1, 0, 0, 0],\n [1, 1, 0, 0, 0],\n [1, 1, 0, 0, 0]]")
        #expect(session.number("sum(r.value(x))") == 6)
        #expect(session.number("r.energy") == 2 * (1 + 2 + 3))
        #expect(session.text("r.value(x).shape") == "[3, 5]")
        #expect(session.number("r.broken.count") == 0)
    }
}

@Suite("user_expressions are evaluated in name order")
struct UserExpressionOrderTests {
    @Test("two expressions drawing from the session stream get the same values whatever the dictionary's order")
    func nameOrder() {
        // rand() draws from the session's stream: "a" draws first, then "b", in every process.
        let first = LangSession(), second = LangSession()
        first.run("seed(5)"); second.run("seed(5)")
        let x = first.run("1", userExpressions: ["b": "rand()", "a": "rand()"]).outcome.userExpressions
        let alone = second.run("let a = rand()\nlet b = rand()\n[a, b]").outcome.result?["text/plain"]
        let text = { (name: String) -> String in
            if case .ok(let bundle)? = x[name] { return bundle["text/plain"] ?? "" }
            return ""
        }
        #expect("[\(text("a")), \(text("b"))]" == alone)
    }
}
