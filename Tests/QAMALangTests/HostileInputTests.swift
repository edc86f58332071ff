import Foundation
import JupyterKernel
import QAMALang
import Testing

/// A session whose memory budget is 1 GB whatever the machine (QAMA_MEMORY_LIMIT_GB in the session's
/// environment), with `let kept = 7` bound first: each hostile cell must fail with its error and keep it.
private func hostileSession(budgetGB: String = "1") -> LangSession {
    let s = LangSession()
    s.interpreter.session.environment["QAMA_MEMORY_LIMIT_GB"] = budgetGB
    s.run("let kept = 7")
    return s
}

/// The error of `code`, and that the binding made before it is still there.
private func refusal(_ s: LangSession, _ code: String) -> String {
    let e = s.error(code)
    #expect(s.text("kept") == "7", "the binding made before \(code.prefix(60)) is gone")
    return e.map { "\($0.name): \($0.value)" } ?? "no error"
}

@Suite("Nesting is bounded: a deep cell is an error, never a stack overflow")
struct NestingLimitTests {
    @Test("2,000 nested brackets are a positioned SyntaxError; 200 are fine")
    func brackets() {
        let s = hostileSession()
        let deep = String(repeating: "(", count: 2000) + "1" + String(repeating: ")", count: 2000)
        let e = s.run(deep).outcome.error
        #expect(e?.name == "SyntaxError")
        #expect(e?.value == "the cell nests too deeply (more than 256 levels of brackets, calls, blocks or operators); split it with let")
        #expect(e?.traceback[1] == "  at line 1, column 257:")
        #expect(s.text("kept") == "7")
        #expect(s.text(String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)) == "1")
    }

    @Test("a 10,000-term sum is evaluated (in a loop, not by recursion)")
    func longSum() {
        let s = hostileSession()
        #expect(s.text(Array(repeating: "1", count: 10_000).joined(separator: "+")) == "10000")
        #expect(s.text(Array(repeating: "true", count: 10_000).joined(separator: " && ") + " || false") == "true")
    }

    @Test("200 nested for loops run; 300 are a SyntaxError")
    func loops() {
        let s = hostileSession()
        s.run("var a = 0")
        let nested = { (n: Int) in String(repeating: "for i in 0..<1 { ", count: n) + "a = a + 1" + String(repeating: " }", count: n) }
        #expect(s.run(nested(200)).outcome.error == nil)
        #expect(s.text("a") == "1")
        #expect(refusal(s, nested(300)) == "SyntaxError: the cell nests too deeply (more than 256 levels of brackets, calls, blocks or operators); split it with let")
    }

    @Test("a 20,000-link member chain and 2,000 unary minuses fail cleanly")
    func chains() {
        let s = hostileSession()
        #expect(refusal(s, "kept" + String(repeating: ".energy", count: 20_000)) == "NameError: Number has no member 'energy'")
        #expect(refusal(s, String(repeating: "-", count: 2000) + "1").hasPrefix("SyntaxError: the cell nests too deeply"))
    }

    @Test("a function calling itself without end stops at 200 calls")
    func recursion() {
        let s = hostileSession()
        s.run("func f(n) = f(n + 1)")
        #expect(refusal(s, "f(0)") == "ValueError: calls nested too deeply (more than 200); does f() call itself without end?")
    }

    @Test("is_complete, complete and inspect survive the same cells")
    func requests() {
        let s = hostileSession()
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(s.interpreter.isComplete(code: deep) == .invalid)
        #expect(s.interpreter.isComplete(code: String(repeating: "(", count: 5000)) == .incomplete(indent: ""))
        #expect(s.interpreter.isComplete(code: Array(repeating: "1", count: 10_000).joined(separator: "+")) == .complete)
        #expect(s.interpreter.complete(code: deep, cursorPosition: 2500).matches.first == "kept")
        #expect(s.interpreter.inspect(code: deep + "kept", cursorPosition: 10_004, detailLevel: 1)?["text/plain"] == "kept: Number (let)\n7")
    }
}

@Suite("Sizes from user numbers are checked: overflow and the memory budget")
struct SizeLimitTests {
    @Test("tensors too large for the budget, or for an Int, are ValueErrors with the numbers")
    func tensors() {
        let s = hostileSession()
        #expect(refusal(s, "randn(100000, 100000)") == "ValueError: randn(100000, 100000) needs about 80.0 GB; 1.0 GB of memory is available")
        #expect(refusal(s, "eye(200000)") == "ValueError: eye(200000) needs about 320.0 GB; 1.0 GB of memory is available")
        #expect(refusal(s, "ones(2^31)") == "ValueError: ones(2147483648) needs about 17.2 GB; 1.0 GB of memory is available")
        #expect(refusal(s, "randn(46341, 46341)") == "ValueError: randn(46341, 46341) needs about 17.2 GB; 1.0 GB of memory is available")
        #expect(refusal(s, "zeros(2^32, 2^32)") == "ValueError: zeros(4294967296, 4294967296) has more elements than fit in memory (4294967296 × 4294967296)")
        #expect(refusal(s, "reshape(zeros(4), 2^32, 2^32)") == "ShapeError: reshape() cannot turn shape [4] (4 elements) into [4294967296, 4294967296]")
        #expect(refusal(s, "attention(randn(8, 20000, 16), randn(8, 20000, 16))") == "ValueError: attention() over 8 heads of 20000 tokens needs about 25.6 GB; 1.0 GB of memory is available")
        #expect(refusal(s, "matmul(ones(20000, 1), ones(1, 20000))") == "ValueError: matmul() of shapes [20000, 1] and [1, 20000] needs about 3.2 GB; 1.0 GB of memory is available")
    }

    @Test("variable blocks, quad and constraints are checked before they are built")
    func variables() {
        let s = hostileSession()
        #expect(refusal(s, "binary(100000, 100000)") == "ValueError: binary(100000, 100000) needs about 80.0 GB; 1.0 GB of memory is available")
        #expect(refusal(s, "spin(1e9)") == "ValueError: spin(1000000000) needs about 8.0 GB; 1.0 GB of memory is available")
        #expect(refusal(s, "onehot(binary(100000))") == "ValueError: this product needs about 480.0 GB; 1.0 GB of memory is available")
        let small = hostileSession(budgetGB: "0.09")
        #expect(refusal(small, "quad(zeros(2000, 2000), binary(2000))") == "ValueError: quad() over 2000 variables needs about 96.0 MB; 90.0 MB of memory is available")
    }

    @Test("a bound no count can reach is a constraint that always holds, not an Int trap")
    func hugeBound() {
        let s = hostileSession()
        #expect(s.text("let y = binary(4, name: \"y\")\nmodel(constraint(sum(y) <= 1e300, name: \"cap\")).constraints") == "[\"cap\"]")
        #expect(s.text("model(constraint(sum(y) >= -1e300, name: \"floor\")).constraints") == "[\"floor\"]")
        #expect(refusal(s, "constraint(sum(y) >= 1e300)").hasPrefix("ValueError: "))
    }

    @Test("solver buffers (reads × variables, agents × variables) are checked")
    func solvers() {
        let s = hostileSession()
        s.run("let x = binary(2)")
        #expect(refusal(s, "solve(x[0] + x[1], sa(reads: 1e12))") == "SolverError: sa() with 1000000000000 reads of 2 variables needs about 1.0 PB; 1.0 GB of memory is available")
        #expect(refusal(s, "solve(x[0] + x[1], sb(agents: 1e12))") == "SolverError: sb() with 1000000000000 agents of 2 variables needs about 1.1 PB; 1.0 GB of memory is available")
        #expect(refusal(s, "sa(reads: 2.5)") == "ValueError: sa() 'reads:' must be an integer, got 2.5")
        #expect(refusal(s, "sa(reads: 0/0)") == "ValueError: sa() 'reads:' must be an integer, got nan")
    }

    @Test("an .npy header claiming a huge shape is refused before anything is allocated")
    func npyHeader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qama-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
        let path = dir.appendingPathComponent("huge.npy").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let s = hostileSession()
        #expect(refusal(s, "load(\"\(path)\")") == "ValueError: \(path): the header claims shape (4294967296, 4294967296), more values than any file can hold")
    }
}

@Suite("NaN and infinity are refused where they enter")
struct FiniteNumberTests {
    @Test("a param cannot become NaN or infinite; the model keeps its last good weight")
    func params() {
        let s = hostileSession()
        s.run("param g = 1\nlet x = binary(2)\nlet m = model(g*x[0]*x[1])")
        #expect(refusal(s, "g = 0/0") == "ValueError: the param 'g' must be a finite number, got nan")
        #expect(refusal(s, "param h = 1/0") == "ValueError: the param 'h' must be a finite number, got inf")
        #expect(s.text("g") == "g = 1 (param)")
        #expect(s.text("solve(m, exact()).energy") == "0")
    }

    @Test("a model with a NaN coefficient is a SolverError before any solver runs, exact() included")
    func coefficients() {
        let s = hostileSession()
        s.run("let x = binary(3)")
        let message = "SolverError: the model has a coefficient that is not a finite number (the constant nan); check the numbers and tensors it was built from (0/0, log(0), inf)"
        #expect(refusal(s, "solve((0/0) * x[0] * x[1], sa())") == message)
        #expect(refusal(s, "solve((0/0) * sum(x), exact())") == message)
        #expect(refusal(s, "solve((0/0) * sum(x), sb())") == message)
    }

    @Test("r.value of variables the model does not contain is an error, not zeros")
    func valueOfForeignVariables() {
        let s = hostileSession()
        s.run("let x = binary(2, name: \"x\")\nlet r = solve(x[0] - x[1], exact())")
        #expect(refusal(s, "r.value(binary(2, name: \"other\"))") == "ValueError: r.value(): the model has none of the variables of other; pass variables the model was built from")
        #expect(s.text("r.value(x)") == "[0, 1]")
    }
}

@Suite("An interrupt keeps what completed")
struct InterruptKeepsTests {
    /// A sink whose `input()` raises the interpreter's interrupt: an interrupt at a known point of a cell.
    final class InterruptingSink: OutputSink, @unchecked Sendable {
        weak var interpreter: QAMAInterpreter?
        func stream(_ name: String, _ text: String) {}
        func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {}
        func clearOutput(wait: Bool) {}
        func input(prompt: String, password: Bool) throws -> String {
            interpreter?.interrupt()
            return "ok"
        }
    }

    private func run(_ interpreter: QAMAInterpreter, _ sink: InterruptingSink, _ code: String) -> ExecutionOutcome {
        interpreter.resetInterrupt()
        return interpreter.execute(ExecutionRequest(code: code, executionCount: 1, silent: false, allowStdin: true,
                                                    userExpressions: [:]), output: sink)
    }

    @Test("interrupted in a loop: the completed iterations stay and the message says so")
    func loop() {
        let interpreter = QAMAInterpreter()
        let sink = InterruptingSink()
        sink.interpreter = interpreter
        _ = run(interpreter, sink, "var best = []")
        let e = run(interpreter, sink, "for i in 0..<10 {\n  best = best + [i]\n  if i == 4 { let z = input(\"go\") }\n}").error
        #expect(e?.name == "Interrupted")
        #expect(e?.value == "the cell was interrupted in iteration 6 of 10 of the loop at line 1, before the iteration began; the 5 completed iterations and the statements before the loop are kept")
        #expect(run(interpreter, sink, "best").result?["text/plain"] == "[0, 1, 2, 3, 4]")
    }

    @Test("interrupted inside a statement of a loop: that statement alone is undone")
    func statement() {
        let interpreter = QAMAInterpreter()
        let sink = InterruptingSink()
        sink.interpreter = interpreter
        _ = run(interpreter, sink, "var a = []\nvar b = 0")
        let e3 = run(interpreter, sink, "for i in 0..<10 {\n  a = a + [i]\n  if i == 2 { let z = input(\"go\"); b = 5 }\n}").error
        #expect(e3?.name == "Interrupted")
        #expect(e3?.value == "the cell was interrupted in iteration 3 of 10 of the loop at line 1; the statement at line 3 was undone; the 2 completed iterations and the statements before it are kept")
        #expect(run(interpreter, sink, "[a, b]").result?["text/plain"] == "[[0, 1, 2], 0]")
    }

    @Test("in a script an interrupt says the script was interrupted")
    func script() {
        let interpreter = QAMAInterpreter(mode: .script)
        let sink = InterruptingSink()
        sink.interpreter = interpreter
        let e = run(interpreter, sink, "let a = 1\nlet z = input(\"go\")\nlet b = 2").error
        #expect(e?.value == "the script was interrupted; the statement at line 3 was undone; every binding made before it is kept")
    }

    @Test("a long quad() is interruptible")
    func quad() {
        let s = hostileSession(budgetGB: "4")
        let interpreter = s.interpreter
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 0.3)
        timer.setEventHandler { interpreter.interrupt() }
        timer.resume()
        defer { timer.cancel() }
        let outcome = interpreter.execute(ExecutionRequest(code: "let big = quad(ones(6000, 6000), binary(6000))", executionCount: 1,
                                                           silent: false, allowStdin: false, userExpressions: [:]), output: s.sink)
        #expect(outcome.error?.name == "Interrupted")
        #expect(s.text("kept") == "7")
    }
}

@Suite("Never dies, round two: huge-but-finite numbers, widget recursion, files that are not files")
struct RoundTwoHostileTests {
    @Test("derived values that would overflow are refused where the model becomes a problem, naming the input")
    func hugeButFinite() {
        let s = hostileSession()
        // Expanded (short sequence): the energy scale; structured (long): the annealer's Float rows too.
        #expect(refusal(s, "solve(qama(ones(1,3000,2)*1e200, ones(1,3000,2)*1e200, rand(1,3000,2)), sa(reads:1, sweeps:2))")
                == "SolverError: the model's coefficients are too large: |offset| + Σ|h| + Σ|J| is beyond the largest Double (1.8e+308) (largest: Q[0, 0, 0] = 1e+200), beyond 1e+150, the largest energy scale solvers compute with; scale the inputs down")
        #expect(refusal(s, "solve(qama(ones(1,3000,2)*1e30, ones(1,3000,2)*1e30, zeros(1,3000,2)), sa(reads:1, sweeps:2))")
                == "SolverError: the inputs are too large for the annealer's single-precision arithmetic: N·d·max|Q|·max|K| is 6e+63 (largest: Q[0, 0, 0] = 1e+30), beyond 1e+36; divide them by at least 1e+14")
        s.run("let x = binary(3)")
        for solver in ["exact()", "sb()", "sa()", "pt()", "pa()"] {
            #expect(refusal(s, "solve(1e200 * x[0] * x[1] + 1e200 * x[1] * x[2], \(solver))")
                    == "SolverError: the model's coefficients are too large: |offset| + Σ|h| + Σ|J| is 2e+200 (largest: Q(v1[0], v1[1]) = 1e+200), beyond 1e+150, the largest energy scale solvers compute with; divide the inputs by at least 1e+51")
        }
        #expect(s.text("solve(1e100 * x[0] * x[1] - 1e100 * x[1], exact()).energy") == "-1e+100")
    }

    @Test("interact: a step wider than the range is an error naming the range (1e300 and 2^63 killed the kernel)")
    func interactStep() {
        let s = hostileSession()
        s.run("param g = 0")
        s.run("func w() = g")
        #expect(refusal(s, "interact(w, g: 0...10, step: 1e300)")
                == "ValueError: interact(): step 1e+300 is wider than the range of g (0...10); give a step of at most 10")
        #expect(refusal(s, "interact(w, g: 0...10, step: 2^63)")
                == "ValueError: interact(): step 9.223372036854776e+18 is wider than the range of g (0...10); give a step of at most 10")
    }

    @Test("save() and load() refuse a FIFO at once (it blocked for ever, deaf to the interrupt)")
    func fifo() throws {
        let s = hostileSession()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qama-fifo-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let pipe = dir + "/pipe.npy"
        unlink(pipe)
        #expect(mkfifo(pipe, 0o600) == 0)
        #expect(refusal(s, "save(zeros(3), \"\(pipe)\")") == "ValueError: cannot write \(pipe): it is a FIFO (named pipe); only regular files are read and written")
        #expect(refusal(s, "load(\"\(pipe)\")") == "ValueError: cannot read \(pipe): it is a FIFO (named pipe); only regular files are read and written")
        #expect(s.run("save(zeros(3), \"\(dir)/saved.csv\")").outcome.error == nil)
        #expect(try String(contentsOfFile: dir + "/saved.csv", encoding: .utf8) == "0\n0\n0\n")
    }
}
