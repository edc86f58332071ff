import Foundation
import Testing

/// `cim()` without a served machine, its profiles, and `precision(...)`, through the language.
@Suite("cim() and precision() in the language", .enabled(if: ProcessInfo.processInfo.environment["QAMA_CIM_URL"] == nil))
struct CIMLanguageTests {
    @Test("cim() with no URL is the embedded machine and says so")
    func embeddedDisplay() {
        let s = LangSession()
        #expect(s.text("cim(profile: \"cpqc-550\", seed: 7)")
            == "cim(machine: embedded, profile: cpqc-550, samples: 100, timeout: 60, precision: machine, mode: optimize, seed: 7, report: true)")
        #expect(s.text("cim(seed: 1, report: false).profile") == "\"simulator\"")
        #expect(s.error("cim(profile: \"dwave\")")?.value == "cim() 'profile:' must be one of \"simulator\", \"cpqc-550\", got \"dwave\"")
        #expect(s.error("cim(profile: \"cpqc-550\", samples: 1001)")?.value == "cim() samples: the cpqc-550 machine takes at most 1000, got 1001")
    }

    @Test("url: \"embedded\" is the in-process machine even when QAMA_CIM_URL names a served one")
    func embeddedWhateverTheEnvironment() {
        let s = LangSession()
        s.interpreter.session.environment["QAMA_CIM_URL"] = "http://127.0.0.1:9"
        #expect(s.text("cim(url: \"embedded\", seed: 7, report: false)")
            == "cim(machine: embedded, profile: simulator, samples: 100, timeout: 60, precision: machine, mode: optimize, seed: 7, report: false)")
        #expect(s.text("cim(seed: 7, report: false)").hasPrefix("cim(machine: $QAMA_CIM_URL, "))
    }

    @Test("a model larger than the CPQC-550 is a RemoteError with both sizes, and the session keeps its bindings")
    func tooLarge() {
        let s = LangSession()
        _ = s.text("let x = spin(551)\nlet E = sum(i in 0..<550: x[i] * x[i + 1])")
        let e = s.error("let r = solve(E, cim(profile: \"cpqc-550\", seed: 1))")
        #expect(e?.name == "RemoteError" && e?.value == "cim: the problem has 551 spins; the cpqc-550 machine has 550")
        #expect(s.run("E").outcome.error == nil && s.error("r")?.name == "NameError")
    }

    @Test("the embedded machine solves, showing the precision report before the result")
    func solvesWithReport() {
        let s = LangSession()
        let (outcome, sink) = s.run("let y = spin(3)\nlet r = solve(-y[0] * y[1] - y[1] * y[2] + 0.5 * y[0], cim(samples: 4, seed: 2))\nr.energy")
        #expect(outcome.error == nil)
        let report = sink.savedDisplays.compactMap { $0["text/plain"] }.first { $0.hasPrefix("Precision report:") }
        #expect(report?.split(separator: "\n").first == "Precision report: 8-bit couplings (integers within ±127)")
        #expect(sink.savedDisplays.last?["text/html"]?.contains("data:image/svg+xml;base64,") == true)
        // E = −s₀s₁ − s₁s₂ + ½ s₀: the best is all −1, E = −2.5.
        #expect(s.text("r.energy") == "-2.5")
    }

    @Test("precision(): a field that dominates zeroes the couplings, and the best state is lost (exact values)")
    func dominantField() {
        let s = LangSession()
        _ = s.text("let s = spin(3)\nlet E = 1016 * s[0] + s[0] * s[1] + 2 * s[1] * s[2]\nlet p = precision(E, bits: 8)")
        #expect(s.text("p") == """
            Precision report: 8-bit couplings (integers within ±127)
            one machine step        8 (in the model's units)
            dynamic range           1016 : 1 (needs 11 bits; the machine holds 127 : 1)
            fields rounded to 0     0 of 1 (0%)
            couplings rounded to 0  2 of 2 (100%)
            relative error          couplings 100%, fields 0%, all 0.22%
            best state kept         no
            original's best         energy -1019 · quantised -1016
            quantised's best        energy -1013 · quantised -1016
            energy gap              6 (original energy of the quantised best − the original best)
            checked by              exact: every state of both; the quantised problem has 4 ground states, the worst under the original shown
            Precision plot "Coefficients in machine steps · 8-bit Ising": 1 fields and 2 couplings by |value| in machine steps, bands 2^-3 … 2^7
            below ½ step (round to 0): 0 fields, 2 couplings; largest programmable magnitude 127
            fields per band: 0 0 0 0 0 0 0 0 0 1
            couplings per band: 1 1 0 0 0 0 0 0 0 0
            """)
        #expect(s.text("[p.couplings_zeroed, p.fields_zeroed, p.gap, p.scale, p.range]") == "[1, 0, 6, 8, 1016]")
        #expect(s.text("p.kept") == "false")
        #expect(s.error("precision(E, profile: \"cpqc-550\", bits: 8)")?.name == "ValueError")
        #expect(s.error("precision(E, bits: 1)")?.value == "precision() bits: must be 2…32, got 1")
    }
}
