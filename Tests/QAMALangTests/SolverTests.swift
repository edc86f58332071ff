import Foundation
import JupyterKernel
import Testing

@Suite("Solvers: errors, progress, reproducibility")
struct DomainSolverTests {
    @Test func exactRefusesThirtyOneVariablesWithAPosition() throws {
        let s = LangSession()
        _ = s.text("let b = binary(31, name: \"b\")\nlet big = sum(i in 0..<30: b[i] * b[i + 1])")
        let e = try #require(s.error("let r = solve(big, exact())"))
        #expect(e.name == "SolverError")
        #expect(e.value == "exact() enumerates every state and refuses more than 30 variables; this model has 31")
        let trace = e.traceback.joined(separator: "\n")
        #expect(trace.contains("solve(big, exact())"), "the traceback shows the offending line")
        #expect(trace.contains("^"), "with a caret under the column")
        #expect(s.error("r")?.name == "NameError", "the failed statement bound nothing")
    }

    @Test func unreachableMachineIsARemoteErrorWithAPosition() throws {
        let s = LangSession()
        _ = s.text("let y = spin(3, name: \"y\")\nlet E = y[0] * y[1] + y[1] * y[2]")
        let e = try #require(s.error("let rc = solve(E, cim(url: \"http://127.0.0.1:9\", token: \"secret-token\", timeout: 5))"))
        #expect(e.name == "RemoteError")
        #expect(!e.value.contains("secret-token") && !e.traceback.joined().contains("secret-token"))
        #expect(e.traceback.joined(separator: "\n").contains("^"))
    }

    @Test func cimSolverNeverShowsItsToken() {
        let s = LangSession()
        let text = s.text("cim(url: \"http://127.0.0.1:9\", token: \"secret-token\")")
        #expect(text.hasPrefix("cim("))
        #expect(!text.contains("secret-token"))
        #expect(text.contains("token: •••"))
    }

    @Test func solverValuesShowTheirSettingsAndSeed() {
        let s = LangSession()
        _ = s.text("seed(3)")
        let a = s.text("sa(reads: 4, sweeps: 100)")
        #expect(a.hasPrefix("sa(reads: 4, sweeps: 100, beta: auto, schedule: geometric, seed: "))
        let b = s.text("sb(mode: \"discrete\", agents: 8, steps: 50, seed: 5)")
        #expect(b == "sb(mode: discrete, agents: 8, steps: 50, dt: auto, c0: auto, seed: 5)")
        #expect(s.error("sa(reads: 0)")?.name == "ValueError")
        #expect(s.error("sb(mode: \"fast\")")?.name == "ValueError")
        #expect(s.error("solve(1, sa())")?.name == "TypeError")
    }

    /// Solves after a param changes re-weight the model's last Ising problem in place; what they return
    /// must be exactly what a model built at the new value returns.
    @Test func solvesAfterAParamChangeMatchAModelBuiltAtTheNewValue() {
        let setup = "seed(3)\nlet Q = randn(2, 6, 8)\nlet K = randn(2, 6, 8)\nlet V = rand(2, 6, 8)"
        let reweighted = LangSession()
        _ = reweighted.text(setup + "\nparam γ = 1.0\nlet m = qama(Q, K, V, gamma: γ)")
        var seen: [String] = []
        for g in ["0", "4", "0.25", "4"] {
            _ = reweighted.text("γ = \(g)")
            seen.append(reweighted.text("solve(m, sa(reads: 4, sweeps: 200, seed: 5)).energies"))
            let fresh = LangSession()
            _ = fresh.text(setup + "\nlet m = qama(Q, K, V, gamma: \(g))")
            #expect(seen.last == fresh.text("solve(m, sa(reads: 4, sweeps: 200, seed: 5)).energies"), "γ = \(g)")
        }
        #expect(seen[1] == seen[3] && seen[0] != seen[1], "γ changes the energies, and coming back restores them")
    }

    @Test func theSameCellsInFreshInterpretersGiveIdenticalBytes() {
        let cells = [
            "seed(7)\nlet Q = randn(2, 6, 8)\nlet K = randn(2, 6, 8)\nlet V = rand(2, 6, 8)",
            "param γ = 2.0\nlet m = qama(Q, K, V, gamma: γ)\nm",
            "let r = solve(m, sa(reads: 8, sweeps: 200))\nr",
            "sparsity(r)", "landscape(m, r)", "histogram(r)", "trace(r)",
            "γ = 8\nlet r2 = solve(m, sb(agents: 16, steps: 200))\ncompare(r, r2)",
            "solve(m).energy",
            "let s = sweep(m, γ, [0.5, 2, 8], sa(reads: 4, sweeps: 100))\ns",
            "weights(r)", "mask(r)", "output(r, V)", "r.terms", "r2.samples",
        ]
        func transcript() -> [String] {
            let session = LangSession()
            return cells.map { cell in
                let (outcome, sink) = session.run(cell)
                let result = outcome.result.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "|") } ?? "-"
                let displays = sink.savedDisplays.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "|") }
                return [outcome.error.map { "\($0.name): \($0.value)" } ?? "", result, sink.stdout, sink.stderr]
                    .joined(separator: "\n") + displays.joined(separator: "\n")
            }
        }
        let first = transcript(), second = transcript()
        #expect(first.count == cells.count)
        for (k, (a, b)) in zip(first, second).enumerated() {
            #expect(a == b, "cell \(k) differs between two fresh sessions")
            #expect(!a.hasPrefix("ValueError") && !a.contains("Error:"), "cell \(k) failed: \(a.prefix(300))")
        }
    }

    @Test func aLongSolveShowsProgressAndEndsOnAFixedLine() throws {
        let s = LangSession()
        _ = s.text("seed(1)\nlet g = spin(60, name: \"g\")\nlet E = sum(i in 0..<59: g[i] * g[i + 1])")
        let (outcome, sink) = s.run("let r = solve(E, sa(reads: 64, sweeps: 20000))")
        #expect(outcome.error == nil)
        let displays = sink.events.compactMap { event -> (MimeBundle, String?, Bool)? in
            if case .display(let d, let id, let u) = event { (d, id, u) } else { nil }
        }
        let first = try #require(displays.first, "a solve expected to run long opens a progress display")
        #expect(first.1 != nil && first.2 == false)
        #expect(displays.dropFirst().allSatisfy { $0.1 == first.1 && $0.2 }, "every later frame updates that display in place")
        let last = try #require(sink.savedDisplays.first)
        #expect(last["text/plain"] == "sa · 64 reads · done · best energy -59")
        // A short solve shows no progress at all.
        let (_, quiet) = s.run("solve(E, sa(reads: 1, sweeps: 10))")
        #expect(quiet.events.isEmpty)
    }
}
