import Foundation
import IsingCore
import JupyterKernel
import QAMALang
import Testing

/// Compiled sums and loop nests (Language/Compiled) against the evaluator they stand in for: the same cells
/// run with kernels on and off must give the same values to the last bit — every coefficient, the offset, the
/// constraints carried — and the same errors, with the same bindings kept.
@Suite("Compiled sums and loops: the evaluator's values and errors, to the last bit")
struct CompiledKernelTests {
    /// Declarations every case runs first (random weights, binary and spin blocks, params, a function).
    static let prelude = """
        seed(11)
        let n = 6
        let w = randn(n, n)
        let v = randn(n)
        let E = tensor([[0, 1], [1, 2], [2, 5], [3, 4], [0, 5]])
        let x = binary(n, name: "x")
        let y = binary(3, 4, name: "y")
        let s = spin(4, name: "s")
        param γ = 2
        param δ = 0.5
        let one = x[0] + 1
        func f(i, j) = w[i, j] * x[i] * x[j]
        func g(a) = 3 * a - 1
        func twice(e) = e + e
        """

    /// Two sessions, kernels on and off, after the prelude.
    static func pair() -> (on: LangSession, off: LangSession) {
        let on = LangSession(), off = LangSession()
        off.interpreter.session.compilesKernels = false
        on.run(prelude)
        off.run(prelude)
        return (on, off)
    }

    /// Runs `cell` in both and checks that outcomes, errors and every binding named in `names` agree exactly.
    static func expectSame(_ cell: String, names: [String] = ["H"], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (on, off) = pair()
        let a = on.run(cell).outcome, b = off.run(cell).outcome
        #expect(a.error?.name == b.error?.name, "\(cell)", sourceLocation: sourceLocation)
        #expect(a.error?.value == b.error?.value, "\(cell)", sourceLocation: sourceLocation)
        #expect(a.error?.traceback == b.error?.traceback, "\(cell)", sourceLocation: sourceLocation)
        #expect(a.result?["text/plain"] == b.result?["text/plain"], "\(cell)", sourceLocation: sourceLocation)
        for name in names {
            let x = on.interpreter.session.bindings[name]?.value, y = off.interpreter.session.bindings[name]?.value
            #expect(same(x, y), "\(name) after \(cell): \(x.map { "\($0.plainText)" } ?? "unbound") vs \(y.map { "\($0.plainText)" } ?? "unbound")",
                    sourceLocation: sourceLocation)
        }
    }

    /// Values equal to the bit: Exprs term by term (coefficients, params, offset, constraints), numbers by bit pattern.
    static func same(_ a: Value?, _ b: Value?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.number(let x)?, .number(let y)?): return x.bitPattern == y.bitPattern
        case (.expr(let e)?, .expr(let f)?):
            return e.offset == f.offset && e.linear == f.linear && e.quadratic == f.quadratic && e.penalties == f.penalties
                && (e.registry == nil) == (f.registry == nil)
        case (.tensor(let t)?, .tensor(let u)?): return t.shape == u.shape && t.storage.map(\.bitPattern) == u.storage.map(\.bitPattern)
        default: return false
        }
    }

    @Test("comprehension bodies: products, sums, params, spins, powers, division, functions, conditions", arguments: [
        "let H = sum(i in 0..<n, j in 0..<n: w[i, j] * x[i] * x[j])",
        "let H = sum(i in 0..<n, j in i+1..<n where (i + j) % 2 == 0: w[i, j] * x[i] * x[j])",
        "let H = sum(i in 0..<n: v[i] * x[i]) + sum(i in 0..<3, j in 0..<4: (i + 1) * y[i, j])",
        "let H = sum(i in 0..<4, j in 0..<4: s[i] * s[j])",
        "let H = sum(i in 0..<4: s[i] * s[i] * s[(i + 1) % 4])",
        "let H = sum(i in 0..<n, j in 0..<n: γ * w[i, j] * x[i] * x[j] + δ)",
        "let H = sum(i in 0..<n: (γ + δ) * x[i])",
        "let H = sum(i in 0..<n: (x[i] + x[(i + 1) % n] - 1)^2)",
        "let H = sum(i in 0..<n: (v[i] * x[i] - 1)^2 / 4)",
        "let H = sum(k in 0..<5: w[k, 0] * (2 * x[E[k, 0]] * x[E[k, 1]] - x[E[k, 0]] - x[E[k, 1]]))",
        "let H = sum(i in 0..<n, j in 0..<n: f(i, j)) + sum(i in 0..<n: g(v[i]) * twice(x[i]))",
        "let H = sum(i in 0..<n: abs(v[i]) * exp(-w[i, i]) * x[i])",
        "let H = sum(i in 0..<n: one * x[i])",
        "let H = sum(i in 0..<n: -x[i] + 0 * x[0] * x[1] * x[2])",
        "let H = sum(i in 0..<n: x[i] * x[i] * x[i])",
        "let H = sum(i in 0..<3: 2)",
        "let H = sum(i in 0..<3: v[i])",
        "let H = sum(i in 0..<0: x[i])",
        "let H = sum(i in 0...2, j in [1, 3]: y[i, j] - γ)",
        "let R = 0..<4\nlet H = sum(i in R, j in R: s[i] * s[j] * v[i])",
        "let H = sum(i in 0..<n: sum(j in 0..<n: w[i, j] * x[j]) * x[i])",
        "let H = sum(i in 0..<3: (sum(j in 0..<4: y[i, j]) - 1)^2) + sum(j in 0..<4: (sum(i in 0..<3: y[i, j]) - 1)^2)",
        "let H = sum(i in 0..<n: sum(j in 0..<i: v[j]) * x[i])",
        "let H = sum(i in 0..<n: (sum(j in 0..<i where j % 2 == 0: x[j]) - 1)^2)",
        "func row(i) = sum(j in 0..<4: y[i, j])\nlet H = sum(i in 0..<3: γ * (row(i) - 2)^2)",
        "let H = sum(k in 0..<5: sum(c in 0..<4: y[c % 3, c] * x[E[k, 0]] * x[E[k, 1]]))",
        "let H = sum(i in 0..<n: sum(j in 0..<7: x[j]))",
        // Errors: the evaluator's message and position, nothing bound.
        "let H = sum(i in 0..<7: x[i])",
        "let H = sum(i in 0..<n: x[i] * x[(i + 1) % n] * x[(i + 2) % n])",
        "let H = sum(i in 0..<n: γ * δ * x[i])",
        "let H = sum(i in 0..<n: x[i] / (i - 2))",
        "let H = sum(i in 0..<n: x[i / 2])",
        "let H = sum(i in 0..<2.5: x[i])",
        "let H = sum(i in 0..<n where x[i]: 1)",
        "let H = sum(i in 0..<2: ones(2) * i) + x[0]",
        "let H = sum(i in 0..<2: w[i, :])",
    ])
    func comprehension(cell: String) {
        Self.expectSame(cell)
    }

    @Test("loop nests: accumulations into Number and Expr vars, lets, ifs, subtraction, functions", arguments: [
        "var H = 0\nfor i in 0..<n { for j in 0..<n { H = H + w[i, j] * x[i] * x[j] } }",
        "var H = 0\nfor i in 0..<n { let a = v[i] * 2\n for j in i+1..<n { if a > 0 { H = H + a * x[i] * x[j] } else { H = H - x[j] } } }",
        "var H = x[0]\nvar c = 0\nfor i in 0..<n { c = c + v[i]\n H = H + c * x[i] - γ }",
        "var H = 1.5\nfor i in 0..<n { H = H + v[i] }",
        "var H = 0\nfor i in 0..<4 { for j in 0..<4 { H = H + s[i] * s[j] + (s[i] + s[j])^2 } }",
        "var H = 0\nfor k in 0..<5 { H = H + f(E[k, 0], E[k, 1]) }",
        "var H = 0\nfor i in 0..<3 { for j in 0..<4 { H = H + y[i, j] }\n H = H - 1 }",
        // Failures keep the completed statements, as the evaluator does.
        "var H = 0\nfor i in 0..<n { H = H + x[i + 3] }",
        "var H = 0\nfor i in 0..<n { H = H + x[i] * x[(i + 1) % n] * x[(i + 2) % n] }",
        "var H = 0\nfor i in 0..<n { if x[i] { H = H + 1 } }",
    ])
    func loops(cell: String) {
        Self.expectSame(cell)
    }

    @Test("random bodies agree with the evaluator (800 bodies, values and errors)")
    func randomBodies() {
        var rng = SeededRandom(seed: 2026)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let indices = ["i", "j", "(i + j) % n", "(i + 1) % n", "n - 1 - i", "E[i % 5, 0]", "j + 1"]
        func atom() -> String {
            pick(["x[\(pick(indices))]", "w[\(pick(indices)), \(pick(indices))]", "v[\(pick(indices))]", "γ", "δ", "2", "0.5", "-1",
                  "s[\(pick(indices)) % 4]", "one", "y[i % 3, j % 4]", "g(v[i])", "f(i, j)"])
        }
        func body(_ depth: Int) -> String {
            if depth == 0 { return atom() }
            switch rng.next() % 6 {
            case 0: return "\(body(depth - 1)) + \(body(depth - 1))"
            case 1: return "\(body(depth - 1)) - \(body(depth - 1))"
            case 2, 3: return "\(body(depth - 1)) * \(body(depth - 1))"
            case 4: return "(\(body(depth - 1)))^2"
            default: return "-(\(body(depth - 1))) / 3"
            }
        }
        let (on, off) = Self.pair()
        var errors = 0
        for k in 0..<800 {
            let b = body(Int(rng.next() % 4) + 1)
            let cell = k % 2 == 0 ? "let H\(k) = sum(i in 0..<n, j in 0..<n: \(b))"
                : "var H\(k) = 0\nfor i in 0..<n { for j in 0..<n { H\(k) = H\(k) + \(b) } }"
            let a = on.run(cell).outcome, c = off.run(cell).outcome
            #expect(a.error?.value == c.error?.value, "\(cell)")
            if a.error != nil { errors += 1 }
            let x = on.interpreter.session.bindings["H\(k)"]?.value, y = off.interpreter.session.bindings["H\(k)"]?.value
            #expect(Self.same(x, y), "\(cell)")
        }
        // The kernels did the work: most bodies ran compiled, and only the failing ones and a few others
        // (degree 3 in one term, two params) went back to the evaluator.
        let runs = on.interpreter.session.kernelRuns
        #expect(off.interpreter.session.kernelRuns == (0, 0))
        #expect(runs.compiled > 10 * runs.bailed, "\(runs), \(errors) cells failed")
        #expect(errors > 20 && errors < 400, "\(errors) of 800 cells failed")
    }

    @Test("a sum that outgrows the memory budget stops with the budget's error, and nothing is bound")
    func memoryBudget() {
        let s = LangSession()
        s.interpreter.session.environment["QAMA_MEMORY_LIMIT_GB"] = "0.05"
        s.run("let x = binary(3000, name: \"x\")")
        let e = s.error("let H = sum(i in 0..<3000, j in 0..<3000: x[i] * x[j])")
        #expect(e?.name == "ValueError")
        #expect(e?.value == "this expression (987501 distinct terms so far) needs about 63.2 MB; 50.0 MB of memory is available")
        #expect(s.error("H")?.value.contains("'H' is not defined") == true)
        // Under the budget the same sum builds: 4,498,500 pairs, 3,000 squares folded to linear terms.
        s.interpreter.session.environment["QAMA_MEMORY_LIMIT_GB"] = "2"
        #expect(s.text("let H = sum(i in 0..<3000, j in 0..<3000: x[i] * x[j])\nH") == "Expr of degree 2: 3000 linear, 4498500 quadratic terms")
    }

    @Test("an interrupt in a compiled sum leaves every binding as it was; in a loop nest it keeps the completed iterations")
    func interrupts() async throws {
        let s = LangSession()
        s.run("let x = binary(2000, name: \"x\")\nvar e = 0\nvar kept = 1")
        for cell in ["kept = 2\nlet H = sum(i in 0..<2000, j in 0..<2000, k in 0..<2000: x[i] * x[j])",
                     "kept = 3\nfor i in 0..<2000 { for j in 0..<2000 { for k in 0..<2000 { e = e + x[i] * x[j] } } }"] {
            let box = OutcomeBox()
            nonisolated(unsafe) let session = s  // used by the worker only until `done`
            let worker = Thread {
                box.outcome = session.run(cell).outcome
                box.done.signal()
            }
            worker.start()
            try await Task.sleep(for: .milliseconds(300))
            s.interpreter.interrupt()
            #expect(box.done.wait(timeout: .now() + 5) == .success)
            #expect(box.outcome?.error?.name == "Interrupted")
        }
        #expect(s.text("kept") == "3")
        #expect(s.error("H")?.value.contains("'H' is not defined") == true)
        // The loop's completed iterations are in e (x[0] alone 2000 times first, then x[0]*x[1], …).
        #expect(s.text("e").hasPrefix("Expr of degree 2: "))
    }
}
