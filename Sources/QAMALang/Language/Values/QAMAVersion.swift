/// Versions that `version()` reports and `kernel_info` uses. Bump `language` when the cell language changes
/// meaning, and the algorithm versions when the numbers a seed produces change (a notebook's outputs are
/// reproducible only between equal algorithm versions).
public enum QAMAVersion {
    public static let kernel = "0.1.0"
    public static let language = "1.0"
    /// xoshiro256** seeded by SplitMix64; normals by Box–Muller (one half per draw).
    public static let random = "xoshiro256**-splitmix64-boxmuller/1"
    /// Solver algorithm versions: what a seed maps to.
    public static let solvers: [(String, String)] = [
        ("sa", "metropolis-single-flip/2"),  // 2: one uniform drawn per attempt
        ("sb", "goto-symplectic-euler/1"),
        ("exact", "gray-code/1"),
        ("cim", "leleu-cac/1"),
    ]
    public static var swift: String {
        #if swift(>=6.3)
        "6.3"
        #elseif swift(>=6.2)
        "6.2"
        #elseif swift(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }
}
