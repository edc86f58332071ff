import Foundation
import Testing

/// `load`/`save`/`export` against files written here: malformed CSV is an error naming line and column
/// (issue 12 item 10), and a JSON model round-trips through the language (item 11).
@Suite("Files: CSV tensors and JSON models")
struct FileFormatTests {
    func file(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qama-files-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func csvLineEndsAndHeaders() throws {
        let s = LangSession()
        let crOnly = try file("cr.csv", "1,2\r3,4\r")
        #expect(s.text("load(\"\(crOnly)\")") == s.text("tensor([[1, 2], [3, 4]])"))
        let crlf = try file("crlf.csv", "a,b\r\n1.5,-2e-3\r\n")
        #expect(s.text("load(\"\(crlf)\")") == s.text("tensor([[1.5, -0.002]])"))
        let pandas = try file("pandas.csv", ",a,b\n0,1,2\n")
        #expect(s.text("load(\"\(pandas)\").shape") == "[1, 3]")
    }

    @Test func malformedCSVNamesLineAndColumn() throws {
        let s = LangSession()
        let empty = try file("empty-field.csv", "1,,3\n4,5,6\n")
        #expect(s.error("load(\"\(empty)\")")?.value == "\(empty) line 1, column 2: an empty field")
        let hex = try file("hex.csv", "1,2\n0x10,3\n")
        #expect(s.error("load(\"\(hex)\")")?.value == "\(hex) line 2, column 1: \"0x10\" is not a decimal number")
        let ragged = try file("ragged.csv", "1,2\n3\n")
        #expect(s.error("load(\"\(ragged)\")")?.value == "\(ragged) line 2 has 1 columns, earlier lines 2")
        _ = s.text("let kept = 7")
        #expect(s.number("kept") == 7, "a failed load keeps the session")
    }

    @Test func exportedJSONMatchesTheDocumentedFormatAndLoadsBack() throws {
        let s = LangSession()
        let path = try file("model.json", "")
        _ = s.text("""
            let x = binary(3, name: "x")
            param λ = 4
            let m = model(1.5 * x[0] - 2 * x[2] + 3 * x[0] * x[1] + λ * khot(x, 2, name: "two"))
            export(m, "\(path)")
            """)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        let blocks = json["blocks"] as! [[String: Any]]
        #expect(blocks.count == 2)
        #expect(blocks[0]["param"] is NSNull, "\"param\": null is written for the constant block")
        #expect(blocks[1]["param"] as? String == "λ")
        #expect(json["params"] as? [String: Double] == ["λ": 4])

        // Read back in a fresh session: λ is declared from the file and still re-weights.
        let t = LangSession()
        _ = t.text("let back = load(\"\(path)\")")
        #expect(t.text("back.params") == "[\"λ\"]")
        #expect(t.text("params()") == "param  value\n─────  ─────\nλ      4")
        #expect(t.number("solve(back, exact()).energy") == s.number("solve(m, exact()).energy"))
        _ = t.text("λ = 0.25"); _ = s.text("λ = 0.25")
        #expect(t.number("solve(back, exact()).energy") == s.number("solve(m, exact()).energy"))
        #expect(t.text("solve(back, exact()).broken") == s.text("solve(m, exact()).broken"))
    }
}
