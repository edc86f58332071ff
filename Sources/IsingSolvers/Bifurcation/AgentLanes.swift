/// SB agents are simulated in blocks of `width` side by side: a block stores each oscillator's values for
/// its 32 agents contiguously (row-major [m × 32]), as four SIMD vectors, so every coupling J_ij streams
/// over a whole row of agents at once.
typealias Lanes = SIMD8<Float>

enum AgentBlockShape {
    /// Agents per block. Fixed (never derived from the thread count) so results do not depend on it.
    static let width = 32
    /// SIMD vectors per oscillator row.
    static let vectors = width / Lanes.scalarCount
}
