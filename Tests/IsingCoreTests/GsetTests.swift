import Foundation
import IsingCore
import Testing

/// The repository's `data/gset` (G1, G11, G22, G43), found from this file's path; `shared/data/gset`
/// beside the repository when a checkout lacks it.
let gsetDirectory: String? = {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return [repo.appendingPathComponent("data/gset").path,
            repo.deletingLastPathComponent().appendingPathComponent("shared/data/gset").path]
        .first { FileManager.default.fileExists(atPath: $0 + "/G1") }
}()

@Suite struct GsetTests {
    @Test(.enabled(if: gsetDirectory != nil, "no Gset files in data/gset or ../shared/data/gset"))
    func g1LoadsAndCutMatchesEnergy() throws {
        let g = try Graph.read(path: gsetDirectory! + "/G1")
        #expect(g.n == 800 && g.edges.count == 19176)
        let m = g.maxcut()
        #expect(m.vartype == .spin && m.couplingCount == 19176)
        var rng = SeededRandom(seed: 1)
        let s: [Int8] = (0..<g.n).map { _ in rng.next() & 1 == 0 ? -1 : 1 }
        let e = try m.energy(of: s, params: [:])
        #expect(g.cut(s) == (g.totalWeight - e) / 2)
        #expect(try m.isingProblem(params: [:]).energy(s) == e)
    }
}
