import Foundation
import JupyterKernel
import QAMALang
import Testing

/// Two-parameter sweeps: every grid point solved by re-weighting, grid quantities shaped like the grid, their
/// figures, batches of models, and an interrupt that keeps the points already solved.
@Suite("Grid sweeps")
struct DomainSweepTests {
    static let setup = """
        seed(5)
        let Q = randn(2, 6, 8)
        let K = randn(2, 6, 8)
        let V = rand(2, 6, 8)
        param β = 0.16
        param γ = 0.8
        let m = qama(Q, K, V, beta: β, gamma: γ)
        let solver = sa(reads: 4, sweeps: 100, seed: 3)
        let g = sweep(m, β, [0, 0.5], γ, [0.2, 0.8, 2], solver)
        """

    @Test func everyGridQuantityIsShapedLikeTheGrid() {
        let s = LangSession()
        _ = s.text(Self.setup)
        for q in ["g.term(\"query-key\")", "g.term(\"value\")", "g.term(\"head overlap\")", "g.energies", "g.nonzero",
                  "g.ratio(\"query-key\", \"value\")"] {
            #expect(s.text("\(q).shape") == "[2, 3]", "\(q)")
        }
        #expect(s.text("g.rows") == "[0, 0.5]")
        #expect(s.text("g.columns") == "[0.2, 0.8, 2]")
        #expect(s.number("g.solved") == 6)
        #expect(s.text("g.params") == s.text("[\"β\", \"γ\"]"))
        // The session's params are left as they were.
        #expect(s.text("β") == "β = 0.16 (param)" && s.text("γ") == "γ = 0.8 (param)")
        // At β = 0 the value term is exactly 0.
        #expect(s.text("g.term(\"value\")[0, :]") == "[0, 0, 0]")
    }

    /// A grid point is exactly the solve at those param values with the same solver.
    @Test func aGridPointIsTheSolveAtItsValues() {
        let s = LangSession()
        _ = s.text(Self.setup)
        _ = s.text("β = 0.5\nγ = 2\nlet one = solve(m, solver)\nβ = 0.16\nγ = 0.8")
        for name in ["query-key", "value", "head overlap"] {
            #expect(s.number("g.term(\"\(name)\")[1, 2]") == s.number("one.term(\"\(name)\")"), "\(name)")
        }
        #expect(s.number("g.energies[1, 2]") == s.number("one.energy"))
        #expect(s.number("sum(abs(g.ratio(\"query-key\", \"value\")[1, :] - abs(g.term(\"query-key\")[1, :]) / abs(g.term(\"value\")[1, :])))") == 0)
    }

    /// A batch of models: each quantity is the mean of the single-model sweeps.
    @Test func aBatchAveragesItsModels() {
        let s = LangSession()
        _ = s.text(Self.setup + "\nlet m2 = qama(randn(2, 6, 8), randn(2, 6, 8), rand(2, 6, 8), beta: β, gamma: γ)"
                   + "\nlet g2 = sweep(m2, β, [0, 0.5], γ, [0.2, 0.8, 2], solver)"
                   + "\nlet both = sweep([m, m2], β, [0, 0.5], γ, [0.2, 0.8, 2], solver)")
        #expect(s.number("both.solved") == 6)
        #expect(s.number("sum(abs(both.term(\"query-key\") - (g.term(\"query-key\") + g2.term(\"query-key\")) / 2))") < 1e-9)
        #expect(s.number("sum(abs(both.energies - (g.energies + g2.energies) / 2))") < 1e-9)
        #expect(s.text("both").contains("2 (each quantity is their mean)"))
    }

    @Test func heatmapsOfTermsRatiosAndSparsity() throws {
        let s = LangSession()
        _ = s.text(Self.setup)
        for call in ["g.heatmap(\"value\")", "g.heatmap(\"Q2L\", mark: [0.16, 0.8])", "g.heatmap(\"Q2P\")",
                     "g.heatmap(\"query-key\", \"head overlap\", title: \"ratio\", range: [0, 4])", "g.heatmap(\"nonzero\")",
                     "g.heatmap(\"energy\")", "g"] {
            let bundle = s.bundle(call)
            let svg = try #require(bundle["image/svg+xml"], "\(call) has no SVG")
            #expect(svg.hasPrefix("<svg"), "\(call)")
        }
        let marked = s.text("g.heatmap(\"Q2L\", mark: [0.16, 0.8])")
        #expect(marked.hasPrefix("Grid heatmap \"Q2L = |query-key| / |value| over β × γ\": Q2L = |query-key| / |value| over β (2 values, 0 … 0.5) × γ (3 values, 0.2 … 2)"))
        #expect(marked.contains("3 of 6 points have no finite value (hatched)"), "β = 0 makes the value term 0")
        #expect(marked.contains("marked: (0.16, 0.8) at β = 0.16, γ = 0.8"))
        #expect(s.bundle("g.heatmap(\"Q2L\", mark: [0.16, 0.8])")["image/svg+xml"]?.contains("qf-mark") == true)
        #expect(s.text("g").hasPrefix("figure: fraction of tokens kept over β × γ"))
    }

    @Test func badGridsAndNamesAreClearErrors() {
        let s = LangSession()
        _ = s.text(Self.setup + "\nparam λ = 1")
        #expect(s.error("sweep(m, β, [0], β, [1], solver)")?.value == "sweep(): a grid needs two different params, not β twice")
        #expect(s.error("sweep(m, β, [0], λ, [1], solver)")?.value == "sweep(): the model does not depend on λ (its params: β, γ)")
        #expect(s.error("sweep([], β, [0], γ, [1], solver)")?.value == "sweep() needs at least one model")
        #expect(s.error("g.term(\"nope\")")?.value == "this sweep has no term \"nope\"; its terms are \"query-key\", \"value\", \"head overlap\"")
        #expect(s.error("g.heatmap(\"Q2L\", mark: [2, 0.8])")?.value == "grid heatmap: the mark \"(2, 0.8)\" at (2, 0.8) lies outside the grid")
        #expect(s.error("g.heatmap(\"Q2L\", mark: [1])")?.name == "ShapeError")
    }

    @Test func theOneParamSweepStillWorks() {
        let s = LangSession()
        _ = s.text(Self.setup + "\nlet one = sweep(m, γ, [0.5, 8], solver)")
        #expect(s.text("one.values") == "[0.5, 8]")
        #expect(s.text("one.term(\"value\").shape") == "[2]")
    }

    /// An interrupt mid-sweep keeps the points solved: the binding happens, the next statement is interrupted.
    /// The interrupt is raised by the output sink when the sweep's progress display updates for the first time,
    /// so at least one point is solved and (with 64 slow points) not all of them.
    @Test func anInterruptKeepsThePointsAlreadySolved() throws {
        let i = QAMAInterpreter()
        _ = i.execute(ExecutionRequest(code: Self.setup, executionCount: 1), output: RecordingSink())
        let sink = InterruptingSink(interpreter: i)
        let outcome = i.execute(ExecutionRequest(
            code: "let big = sweep(m, β, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], γ, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], sa(reads: 8, sweeps: 20000, seed: 1))\nbig.solved",
            executionCount: 2), output: sink)
        #expect(outcome.error?.name == "Interrupted")
        i.resetInterrupt()
        let after = RecordingSink()
        let solved = Double(i.execute(ExecutionRequest(code: "big.solved", executionCount: 3), output: after).result?["text/plain"] ?? "") ?? -1
        #expect(solved >= 1 && solved < 64, "solved \(solved)")
        #expect(sink.stderr == "sweep interrupted: kept the \(Int(solved)) of 64 points solved before the interrupt\n")
        // Unsolved points read NaN, solved ones a number.
        #expect(i.execute(ExecutionRequest(code: "big.term(\"value\")[7, 7]", executionCount: 4), output: after).result?["text/plain"] == "nan")
        #expect(i.execute(ExecutionRequest(code: "big.term(\"value\")[0, 0]", executionCount: 5), output: after).result?["text/plain"] == "0")
    }
}

/// Raises the interpreter's interrupt at the first update of a progress display (as a user pressing stop).
final class InterruptingSink: OutputSink, @unchecked Sendable {
    let interpreter: QAMAInterpreter
    private(set) var stderr = ""
    init(interpreter: QAMAInterpreter) { self.interpreter = interpreter }
    func stream(_ name: String, _ text: String) { if name == "stderr" { stderr += text } }
    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {
        if update { interpreter.interrupt() }
    }
    func clearOutput(wait: Bool) {}
    func input(prompt: String, password: Bool) throws -> String { "" }
}
