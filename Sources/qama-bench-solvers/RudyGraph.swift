import Foundation
import IsingCore

/// A Gset graph in rudy format ("n m" then m lines "i j w", 1-based), read as the MaxCut Ising problem
/// E(s) = Σ_edges w_ij s_i s_j, so that cut(s) = (Σ w_ij − E(s)) / 2.
struct RudyGraph {
    let problem: IsingProblem
    let totalWeight: Double

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next()?.split(separator: " "), header.count >= 2, let n = Int(header[0]) else {
            throw SolverFailure("\(path): missing 'n m' header")
        }
        var edges: [(Int, Int, Double)] = []
        var total = 0.0
        while let line = lines.next() {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, let i = Int(fields[0]), let j = Int(fields[1]), let w = Double(fields[2]) else {
                continue
            }
            edges.append((i - 1, j - 1, w))
            total += w
        }
        problem = IsingProblem(n: n, h: [Double](repeating: 0, count: n), edges: edges)
        totalWeight = total
    }

    func cut(energy: Double) -> Double { (totalWeight - energy) / 2 }
}
