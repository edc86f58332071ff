import Foundation
import JupyterKernel
import QAMALang
import Testing

@Suite("patchmap and table")
struct PatchMapTableTests {
    /// Two heads over four tokens with no query–key coupling (Q = K = 0, d = 1), so only the value field and the
    /// head overlap act: h = V. With N = 4 and β = 0.16 a token with h > 0 gains −0.64·h when selected, and two
    /// heads sharing a token pay 2·P = 2 · (0.8/2)·√(2/π)·4 ≈ 2.55. Head 0 (h = 1, −1, 1, −1) keeps token 2
    /// (token 0 it leaves to head 1, whose h = 2 there gains more); head 1 (h = 2, 1, −1, −1) keeps tokens 0
    /// and 1. The 4 × 4 image holds 0 … 15 row by row; its 2 × 2 patches are tokens 0, 1 (top) and 2, 3.
    static let setup = """
        let Q = zeros(2, 4, 1)
        let V = reshape(tensor([1, -1, 1, -1, 2, 1, -1, -1]), 2, 4, 1)
        let m = qama(Q, Q, V)
        let r = solve(m, exact())
        let img = reshape(tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), 4, 4)
        """

    static let description = """
        Patch map "Selected patches per head": 2 heads over a 4 × 4 image in 2 × 2 patches (2 × 2 = 4)
        patches selected per head: 1, 2 (3 of 8, 37.5 %)
        patches no head selects: 1; selected by two or more heads: 0
        grey scale over 0 … 15 (light to dark)
        """

    @Test func patchmapOfAQAMAResult() {
        let s = LangSession()
        _ = s.text(Self.setup)
        #expect(s.text("mask(r)") == "Tensor 2×4\n[[0, 0, 1, 0],\n [1, 1, 0, 0]]")
        #expect(s.text("patchmap(r, img)") == Self.description)
        // The same selection given as a tensor draws the same figure.
        #expect(s.text("patchmap(r, img).svg == patchmap(mask(r), img).svg") == "true")
        let (outcome, sink) = s.run("print(patchmap(r, img, title: \"digit\", label: \"digit 7\").svg)")
        #expect(outcome.error == nil)
        let printed = sink.stdout
        #expect(printed.contains("<title>digit</title>"))
        #expect(printed.contains("<text class=\"qf-panel-title\" x=\"64\" y=\"12\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\">digit 7</text>"))
        #expect(printed.contains(">head 0 · 1 patch</text>") && printed.contains(">head 1 · 2 patches</text>"))
        // Head 0's token 2 is the bottom-left patch: 64 px patches inset by 1, 18 px below the panel title.
        #expect(printed.components(separatedBy: "class=\"qf-patch\"").count - 1 == 3)
        #expect(printed.contains("<rect class=\"qf-patch\" x=\"1\" y=\"83\" width=\"62\" height=\"62\""))
    }

    @Test func patchmapOfWeights() {
        let s = LangSession()
        _ = s.text(Self.setup)
        // One head: a vector; the patch side follows from the sizes (16 tokens over 8 × 8 → 2 × 2 patches).
        #expect(s.text("patchmap(tensor([1, 0, 0, 0]), img)").hasPrefix(
            "Patch map \"Selected patches per head\": 1 head over a 4 × 4 image in 2 × 2 patches (2 × 2 = 4)\npatches selected per head: 1 (1 of 4, 25 %)"))
        #expect(s.text("patchmap(ones(3, 16), zeros(8, 8))").hasPrefix(
            "Patch map \"Selected patches per head\": 3 heads over a 8 × 8 image in 2 × 2 patches (4 × 4 = 16)"))
        #expect(s.text("patchmap(ones(1, 4), zeros(8, 8))").hasPrefix(
            "Patch map \"Selected patches per head\": 1 head over a 8 × 8 image in 4 × 4 patches (2 × 2 = 4)"))
    }

    @Test func patchmapErrors() {
        let s = LangSession()
        _ = s.text(Self.setup)
        let tiling = s.error("patchmap(r, zeros(4, 6))")
        #expect(tiling?.name == "ShapeError")
        #expect(tiling?.value == "patchmap(): 4 tokens do not tile a 4 × 6 image in square patches")
        #expect(s.error("patchmap(ones(2, 3), img)")?.value == "patchmap(): 3 tokens do not tile a 4 × 4 image in square patches")
        #expect(s.error("patchmap(r, zeros(2, 4, 4))")?.value == "patchmap() takes a rows × columns image, not shape [2, 4, 4]")
        #expect(s.error("patchmap(\"r\", img)")?.value
                == "patchmap() argument 1 must be the Result of a qama(...) model or heads × tokens weights, not String")
        let other = s.error("let x = binary(2, name: \"x\")\npatchmap(solve(x[0] + x[1], exact()), img)")
        #expect(other?.name == "TypeError")
        #expect(other?.value == "patchmap() needs the result of a qama(...) model; this one solved expression")
        let range = s.error("patchmap(tensor([2, 0, 0, 0]), img)")
        #expect(range?.name == "ValueError")
        #expect(range?.value == "patch map weights: value at index 0 is 2, outside [0, 1]")
        #expect(s.error("patchmap(r, img, patch: 2)")?.value == "patchmap() has no argument 'patch:' (it takes title:, label:)")
        // The session is intact after the errors.
        #expect(s.text("patchmap(r, img)") == Self.description)
    }

    @Test func tableFromRows() {
        let s = LangSession()
        let t = "table([[\"sa\", 1.0953333, 0.5], [\"sb\", 2, true]], header: [\"solver\", \"gap\", \"share\"])"
        #expect(s.text(t) == """
            solver  gap      share
            ──────  ───────  ─────
            sa      1.09533  0.5
            sb      2        true
            """)
        let (outcome, _) = s.run(t)
        #expect(outcome.result?["text/html"] == "<table style=\"table-layout:auto;word-break:normal;overflow-wrap:normal\">"
                + "<thead><tr><th>solver</th><th>gap</th><th>share</th></tr></thead><tbody>"
                + "<tr><td>sa</td><td>1.09533</td><td>0.5</td></tr><tr><td>sb</td><td>2</td><td>true</td></tr></tbody></table>")
        #expect(s.text("table([[1.0953333, 2.44449]], header: [\"a\", \"b\"], digits: 3, caption: \"gaps\")") == """
            gaps
            a    b
            ───  ────
            1.1  2.44
            """)
        #expect(s.text("table(tensor([[1, 2], [3, 4]]), header: [\"a\", \"b\"]).count") == "2")
        #expect(s.text("table([tensor([0.25, 1])], header: [\"x\", \"y\"]).rows") == "[[\"0.25\", \"1\"]]")
    }

    @Test func tableBuiltInALoop() {
        let s = LangSession()
        _ = s.text("""
            var rows = []
            for k in 1...3 { rows = rows + [[k, k * k]] }
            """)
        #expect(s.text("table(rows, header: [\"k\", \"k²\"])") == "k  k²\n─  ──\n1  1\n2  4\n3  9")
    }

    @Test func tableErrors() {
        let s = LangSession()
        let ragged = s.error("table([[1, 2], [3]])")
        #expect(ragged?.name == "ShapeError")
        #expect(ragged?.value == "table() row 2 has 1 cell, not row 1's 2")
        #expect(s.error("table([[1, 2]], header: [\"a\"])")?.value == "table() row 1 has 2 cells, not the header's 1")
        #expect(s.error("table([[1, [2]]])")?.value == "table() cell in row 1, column 2 must be a Number, String or Bool, not Array")
        #expect(s.error("table([1, 2])")?.value == "table() row 1 must be an Array or a vector, not Number")
        #expect(s.error("table(\"rows\")")?.value == "table() takes an Array of rows or a 2-D tensor, not String")
        #expect(s.error("table([[1]], header: [1])")?.value == "table() 'header:' must hold Strings, not Number")
        #expect(s.error("table([[1]], digits: 0)")?.value == "table() 'digits:' must be 1 … 17, got 0")
    }
}
