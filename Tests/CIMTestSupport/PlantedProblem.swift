import IsingCore

/// An Ising chain whose unique ground state is `pattern`: fields pull each spin towards its pattern
/// value and couplings reward agreeing with it (a ferromagnet in the pattern's gauge). `scale` makes
/// the coefficients non-integer, so a client has to quantise them.
public struct PlantedProblem: Sendable {
    public let pattern: [Int8]
    public let problem: IsingProblem

    public init(n: Int, seed: UInt64, scale: Double = 0.37) {
        var random = SeededRandom(seed: seed)
        let pattern: [Int8] = (0..<n).map { _ in random.next() & 1 == 0 ? 1 : -1 }
        let h = pattern.map { -2 * scale * Double($0) }
        let edges = (0..<(n - 1)).map { i in (i, i + 1, -scale * Double(pattern[i]) * Double(pattern[i + 1])) }
        self.pattern = pattern
        problem = IsingProblem(n: n, h: h, edges: edges, offset: 1.5)
    }

    public var groundEnergy: Double { problem.energy(pattern) }
}
