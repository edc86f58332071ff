import Foundation
import IsingSolvers
import QAMALang
import Testing

/// Every builtin is declared once (issue 14): its inspect signature, its completion labels, the labels it
/// accepts and the error for one it does not are all derived from that declaration. These tests walk the
/// builtin table itself, so a builtin added tomorrow is checked without editing them.
@Suite("Builtin declarations: signature, completion and accepted labels agree")
struct BuiltinDeclarationTests {
    static var table: BuiltinTable { BuiltinTable.standard }
    static var names: [String] { BuiltinTable.standard.names }

    /// The `label:` words of a signature's own call form: alternatives, section titles and the place of
    /// named labels (inject's `name: value`) are declared text, not labels, and are left out.
    static func labelsShown(in builtin: Builtin) -> [String] {
        var text = builtin.signature
        for alternative in builtin.alternatives { text = text.replacingOccurrences(of: " | " + alternative, with: "") }
        if let named = builtin.namedLabels { text = text.replacingOccurrences(of: named, with: "") }
        for section in builtin.sections { text = text.replacingOccurrences(of: "; \(section.title): ", with: ", ") }
        // Strip quoted strings ("file.npy", choices) so only the call's own words remain.
        text = text.replacingOccurrences(of: #""[^"]*""#, with: "", options: .regularExpression)
        let pattern = try! NSRegularExpression(pattern: #"(?<![\p{L}\p{N}_.])([\p{L}_][\p{L}\p{N}_]*):"#)
        let range = NSRange(text.startIndex..., in: text)
        var seen: Set<String> = []
        return pattern.matches(in: text, range: range).compactMap { m in
            Range(m.range(at: 1), in: text).map { String(text[$0]) }
        }.filter { seen.insert($0).inserted }
    }

    @Test("the table has every builtin, each with a doc", arguments: names)
    func everyBuiltinHasADoc(name: String) {
        let b = Self.table[name]!
        #expect(b.name == name)
        #expect(!b.doc.isEmpty)
        #expect(b.signature.hasPrefix(name + "("))
    }

    @Test("inspect shows the signature naming exactly the declared labels", arguments: names)
    func inspectNamesTheDeclaredLabels(name: String) {
        let b = Self.table[name]!
        let s = LangSession()
        let text = s.interpreter.inspect(code: name, cursorPosition: name.unicodeScalars.count, detailLevel: 0)?["text/plain"] ?? ""
        #expect(text == b.signature + "\n\n" + b.doc)
        #expect(Set(Self.labelsShown(in: b)) == Set(b.labels), "signature: \(b.signature)")
    }

    @Test("completion inside name( offers exactly the declared labels", arguments: names)
    func completionOffersTheDeclaredLabels(name: String) {
        let b = Self.table[name]!
        let s = LangSession()
        let code = name + "("
        let offered = s.interpreter.complete(code: code, cursorPosition: code.unicodeScalars.count).matches.filter { $0.hasSuffix(":") }
        #expect(offered == b.labels.map { $0 + ":" })
        for (label, choices) in b.choices {
            let after = "\(name)(\(label): "
            #expect(s.interpreter.complete(code: after, cursorPosition: after.unicodeScalars.count).matches == choices.map { "\"\($0)\"" })
        }
    }

    @Test("each declared label is accepted; an undeclared one is refused naming it", arguments: names)
    func labelsAreAcceptedOrRefused(name: String) {
        let b = Self.table[name]!
        let s = LangSession()
        for label in b.labels {
            // Whatever else goes wrong with `0` (a type, a missing argument), the label itself is known.
            let error = s.run("\(name)(\(label): 0)").outcome.error
            #expect(!(error?.value.contains("has no argument") ?? false), "\(name)(\(label):) → \(error?.value ?? "")")
        }
        let error = s.run("\(name)(zzqx: 0)").outcome.error
        if b.namedLabels != nil {
            #expect(!(error?.value.contains("has no argument") ?? false), "\(name) takes names as labels")
        } else {
            let takes = b.labels.isEmpty ? "" : " (it takes \(b.labels.map { "\($0):" }.joined(separator: ", ")))"
            #expect(error?.name == "TypeError")
            #expect(error?.value == "\(name)() has no argument 'zzqx:'\(takes)")
        }
    }

    @Test func aMisspeltLabelSuggestsTheClosest() {
        let s = LangSession()
        let e = s.error("sa(sweep: 10)")
        #expect(e?.name == "TypeError")
        #expect(e?.value == "sa() has no argument 'sweep:' (it takes reads:, sweeps:, beta:, schedule:, seed:, threads:, layout:); did you mean 'sweeps:'?")
        #expect(s.error("sb(mod: \"discrete\")")?.value
                == "sb() has no argument 'mod:' (it takes mode:, agents:, steps:, dt:, c0:, seed:, threads:); did you mean 'mode:'?")
    }

    @Test func argumentChecksComeFromTheDeclaration() {
        let s = LangSession()
        #expect(s.error("sa(reads: 0)")?.value == "sa() reads: must be at least 1, got 0")
        #expect(s.error("sa(threads: 0)")?.value == "sa() threads: must be at least 1, got 0")
        #expect(s.error("sa(reads: 1.5)")?.value == "sa() 'reads:' must be an integer, got 1.5")
        #expect(s.error("sa(schedule: \"cubic\")")?.value == "sa() 'schedule:' must be one of \"geometric\", \"linear\", got \"cubic\"")
        #expect(s.error("sa(seed: -1)")?.value == "sa() seed: must be ≥ 0, got -1")
        #expect(s.error("sb(dt: -1)")?.value == "sb() dt: must be positive")
        #expect(s.error("eye(2, 3)")?.value == "eye() takes 1 positional argument but got 2")
        #expect(s.error("eye()")?.value == "eye() is missing argument 1 (n)")
        #expect(s.error("clear(wait: 1)")?.value == "clear() 'wait:' must be a Bool, not Number")
    }

    /// The signatures users saw before the declarations were introduced, unchanged (defaults read from the
    /// types, here restated only to pin the text).
    @Test func signaturesKeepTheirText() {
        let t = Self.table
        #expect(t["softmax"]!.signature == "softmax(t, axis: -1)")
        #expect(t["sum"]!.signature == "sum(t, axis:) | sum(i in a, j in b where cond: body)")
        #expect(t["max"]!.signature == "max(t, axis:) | max(a, b)")
        #expect(t["randn"]!.signature == "randn(dims...)")
        #expect(t["binary"]!.signature == "binary(dims..., name: \"x\")")
        #expect(t["khot"]!.signature == "khot(v, k, name:)")
        #expect(t["solve"]!.signature == "solve(m, solver)")
        #expect(t["sweep"]!.signature == "sweep(m, γ, values, solver) | sweep(m, β, values, γ, values, solver)")
        #expect(t["inject"]!.signature == "inject(name: value, ...)")
        #expect(t["load"]!.signature == "load(\"file.npy\" | \"file.csv\" | \"model.json\")")
        let pa = PopulationAnnealing()
        #expect(t["pa"]!.signature == "pa(population: \(pa.population), sweeps: \(pa.sweeps), steps:, beta: [hot, cold], schedule: \"geometric\" | \"linear\", seed:, threads:)")
        #expect(t["qama"]!.signature.hasPrefix("qama(Q, K, V, formulation: \"v2\" | \"v1\", alpha: "))
        #expect(t["qama"]!.signature.contains(", e2v: ones(d); v1: bits: "))
        #expect(t["qama"]!.signature.hasSuffix(", coupling: \"js\" | \"dot\", normalize: true)"))
    }
}
