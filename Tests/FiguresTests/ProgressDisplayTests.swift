import Figures
import Testing

@Suite("ProgressDisplay")
struct ProgressDisplayTests {
    @Test("plain text: ten-character bar, whole percent, best energy, elapsed seconds")
    func plain() {
        #expect(ProgressDisplay(fraction: 0.6, bestEnergy: -123.5, elapsed: 1.23).plain == "[######----] 60%  best -123.5  1.2 s, 0.8 s left")
        #expect(ProgressDisplay(fraction: 0.999, elapsed: 0).plain == "[#########-] 99%  0.0 s")
        #expect(ProgressDisplay(fraction: 1, bestEnergy: 4, elapsed: 75.2, label: "sa").plain == "sa  [##########] 100%  best 4  1 min 15 s")
        #expect(ProgressDisplay(fraction: 0.05, elapsed: 3725).plain == "[----------] 5%  1 h 2 min, 19 h 39 min left")
    }

    @Test("time left as tqdm estimates it: elapsed × (1 − f)/f, from 1 % and half a second on, never past 999 h")
    func remaining() {
        #expect(ProgressDisplay(fraction: 0.25, elapsed: 2).remaining == 6)
        #expect(ProgressDisplay(fraction: 0.009, elapsed: 10).remaining == nil)  // too early to say
        #expect(ProgressDisplay(fraction: 0.5, elapsed: 0.4).remaining == nil)
        #expect(ProgressDisplay(fraction: 1, elapsed: 10).remaining == nil)
        #expect(ProgressDisplay(fraction: 0.01, elapsed: 40_000).plain == "[----------] 1%  11 h 6 min, over 999 h left")
    }

    @Test("fractions are clamped to [0, 1]; NaN counts as 0")
    func clamping() {
        #expect(ProgressDisplay(fraction: 1.7, elapsed: 0).percent == 100)
        #expect(ProgressDisplay(fraction: -0.2, elapsed: 0).percent == 0)
        #expect(ProgressDisplay(fraction: .nan, elapsed: 0).plain.hasPrefix("[----------] 0%"))
    }

    @Test("terminal line: carriage return, padded to width − 1 columns, bar filling the rest")
    func terminal() {
        let line = ProgressDisplay(fraction: 0.5, bestEnergy: -2, elapsed: 0.5, label: "sb").terminalLine(width: 60)
        #expect(line.hasPrefix("\rsb ["))
        #expect(line.count == 60)
        #expect(line.contains("] 50%  best -2  0.5 s"))
        let bar = line.split(separator: "[")[1].split(separator: "]")[0]
        #expect(bar.filter { $0 == "#" }.count == bar.count / 2)
        #expect(!line.contains("\n"))
    }

    @Test("html: a progress bar with the same numbers, escaped label, no fixed text colour")
    func html() {
        let html = ProgressDisplay(fraction: 0.6, bestEnergy: -123.5, elapsed: 1.23, label: "cim <job>").html
        #expect(html.contains("role=\"progressbar\""))
        #expect(html.contains("aria-valuenow=\"60\""))
        #expect(html.contains("width:60%"))
        #expect(html.contains("<span>best -123.5</span>"))
        #expect(html.contains("<span>1.2 s, 0.8 s left</span>"))
        #expect(html.contains("cim &lt;job&gt;"))
        #expect(!html.contains("color:"), "text inherits the theme's colour")
    }
}

@Suite("MIME bundles")
struct MimeBundleTests {
    @Test("figures display as SVG with their description as text/plain; progress as html and plain")
    func bundles() throws {
        let h = try Histogram(values: [1, 2, 2])
        #expect(h.mimeBundle == ["image/svg+xml": h.svg, "text/plain": h.description])
        let p = ProgressDisplay(fraction: 0.25, elapsed: 2)
        #expect(p.mimeBundle == ["text/html": p.html, "text/plain": p.plain])
    }
}
