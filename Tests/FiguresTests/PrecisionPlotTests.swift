import Testing
import Figures

@Suite("PrecisionPlot: coefficients by machine steps")
struct PrecisionPlotTests {
    @Test("coefficients fall in factor-of-two bands; below half a step is counted as rounding to 0")
    func bands() throws {
        // Fields at 127 steps, couplings at 1/8 and 1/4 step: bands 2^-3 … 2^6.
        let plot = try PrecisionPlot(fieldSteps: [127], couplingSteps: [0.125, 0.25], maxMagnitude: 127, title: "t")
        #expect(plot.bands == Array(-3...6))
        #expect(plot.fieldCounts == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(plot.couplingCounts == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(plot.description == """
            Precision plot "t": 1 fields and 2 couplings by |value| in machine steps, bands 2^-3 … 2^7
            below ½ step (round to 0): 0 fields, 2 couplings; largest programmable magnitude 127
            fields per band: 0 0 0 0 0 0 0 0 0 1
            couplings per band: 1 1 0 0 0 0 0 0 0 0
            """)
        #expect(plot.svg.hasPrefix("<svg") && plot.svg.contains("rounds to 0") && plot.svg.contains("±127"))
    }

    @Test("band edges by exact doubling; tiny values are lumped into the lowest drawn band")
    func extremes() throws {
        #expect(PrecisionPlot.band(1) == 0 && PrecisionPlot.band(0.5) == -1 && PrecisionPlot.band(0.49) == -2)
        #expect(PrecisionPlot.band(127) == 6 && PrecisionPlot.band(128) == 7)
        let plot = try PrecisionPlot(fieldSteps: [1e-30], couplingSteps: [100], maxMagnitude: 127)
        #expect(plot.bands.count == PrecisionPlot.maxBands && plot.bands.last == 6 && plot.fieldCounts.first == 1)
        #expect(throws: FigureError.self) { try PrecisionPlot(fieldSteps: [], couplingSteps: [], maxMagnitude: 127) }
        #expect(throws: FigureError.self) { try PrecisionPlot(fieldSteps: [.nan], couplingSteps: [], maxMagnitude: 127) }
    }
}
