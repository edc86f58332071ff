import Foundation
import JupyterKernel
import Testing

@Suite("Models: compile on demand, re-weighting, forms, files")
struct DomainModelTests {
    static let grid = """
        let x = binary(3, 5, name: "x")
        param λ = 4
        let H = sum(i in 0..<3, j in 0..<5: (i + 1) * x[i, j]) + λ * sum(i in 0..<3: khot(x[i, :], 2))
        """

    @Test func anExprIsCompiledOnceAndReweightedWithoutRecompiling() {
        let s = LangSession()
        _ = s.text(Self.grid)
        let first = s.number("solve(H, exact()).model.id")
        #expect(s.number("solve(H, exact()).model.id") == first, "solving the same Expr twice compiles it once")
        #expect(s.number("model(H).id") == first)
        _ = s.text("λ = 0.5")
        #expect(s.number("solve(H, exact()).model.id") == first, "a new param value needs no recompile")
        // With λ below the cost of a one, the penalty stops paying: the best state breaks constraints.
        _ = s.text("let r4 = solve(H, exact())")
        #expect(s.number("r4.broken.count") > 0)
        #expect(s.number("r4.energy") < 12)
        let terms = s.text("r4.terms")
        #expect(terms.contains("objective") && terms.contains("λ") && terms.contains("total"))
        // A different Expr is a different model.
        #expect(s.number("model(H + x[0, 0]).id") != first)
    }

    @Test func modelSummaryShowsCurrentParamValues() {
        let s = LangSession()
        _ = s.text(Self.grid + "\nlet m = model(H)")
        let before = s.bundle("m")
        #expect(before["text/plain"]?.contains("λ = 4") == true)
        #expect(before["text/plain"]?.contains("15 binary") == true)
        #expect(before["text/html"]?.contains("<table style=\"table-layout:auto;word-break:normal;overflow-wrap:normal\">") == true)
        _ = s.text("λ = 8")
        #expect(s.text("m").contains("λ = 8"))
        #expect(s.number("m.variables") == 15)
        #expect(s.text("m.params") == "[\"λ\"]")
        #expect(s.number("m.constraints.count") == 3)
    }

    @Test func energyMatchesTheSolverAndTheQUBOForm() {
        let s = LangSession()
        _ = s.text(Self.grid + "\nlet m = model(H)\nlet r = solve(m, exact())")
        #expect(s.number("energy(m, r.best)") == s.number("r.energy"))
        // x ↦ offset + Σ_{i≤j} Q_ij x_i x_j reproduces the model's energy.
        _ = s.text("let q = qubo(m)\nlet b = r.best")
        let viaQUBO = s.number("q.offset + sum(i in 0..<15, j in 0..<15: q.Q[i, j] * b[i] * b[j])")
        #expect(abs(viaQUBO - s.number("r.energy")) < 1e-9)
        // and the Ising form with s = 2x − 1.
        _ = s.text("let g = ising(m)\nlet sp = 2 * b - 1")
        let viaIsing = s.number("g.offset + sum(i in 0..<15: g.h[i] * sp[i]) + sum(i in 0..<15, j in 0..<15 where i < j: g.J[i, j] * sp[i] * sp[j])")
        #expect(abs(viaIsing - s.number("r.energy")) < 1e-9)
        #expect(s.bundle("ising(m)")["text/html"]?.contains("<table style=\"table-layout:auto;word-break:normal;overflow-wrap:normal\">") == true)
    }

    @Test func exportWritesEachFormat() throws {
        let s = LangSession()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qama-domain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = s.text(Self.grid)
        for ext in ["json", "qubo", "mtx"] {
            let path = dir.appendingPathComponent("H.\(ext)").path
            _ = s.text("export(H, \"\(path)\")")
            #expect(FileManager.default.fileExists(atPath: path), "export wrote no .\(ext)")
        }
        let e = s.error("export(H, \"\(dir.path)/H.txt\")")
        #expect(e?.name == "ValueError")
    }

    @Test func constraintsFromRelations() {
        let s = LangSession()
        let code = """
            let y = binary(4, name: "y")
            let P = -sum(i in 0..<4: y[i]) + 3 * constraint(y[0] + y[1] + y[2] + y[3] <= 2, name: "cap")
            let r = solve(P, exact())
            r.energy
            """
        #expect(s.number(code) == -2)
        #expect(s.number("r.broken.count") == 0)
        #expect(s.number("sum(r.value(y))") == 2)
        #expect(s.text("r.terms").contains("cap"))
    }

    @Test func spinsInAMixedModelReadBackAsPlusMinusOne() {
        let s = LangSession()
        _ = s.text("let y = spin(2, name: \"y\")\nlet b = binary(1, name: \"b\")\nlet r = solve(y[0] * y[1] + y[0] - b[0], exact())")
        #expect(s.number("r.energy") == -3)
        #expect(s.number("r.value(y)[0]") == -1)
        #expect(s.number("r.value(y)[1]") == 1)
        #expect(s.number("r.value(b)[0]") == 1)
    }

    @Test func degreeThreeIsAnErrorNamingTheTerm() {
        let s = LangSession()
        _ = s.text("let z = binary(3, name: \"z\")")
        let e = s.error("let bad = z[0] * z[1] * z[2]")
        #expect(e?.name == "ValueError")
        #expect(e?.value == "z[0]*z[1]*z[2] has degree 3; a term can have degree at most 2")
    }
}
