import Foundation
import IsingCore
import Testing

/// `shared/data/gset` beside the repository (…/shared next to …/main), found from this file's path.
let gsetDirectory: String? = {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let dir = repo.deletingLastPathComponent().appendingPathComponent("shared/data/gset").path
    return FileManager.default.fileExists(atPath: dir + "/G1") ? dir : nil
}()

@Suite struct GsetTests {
    @Test(.enabled(if: gsetDirectory != nil, "shared/data/gset is absent beside the repository"))
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
