import IsingCore

/// A QAMA model in either formulation (DESIGN.md, "The QAMA Hamiltonian"): what the language holds and
/// decodes. `v2` is the published paper and the default; `v1` the April 2025 draft.
public enum QAMAHamiltonian: Sendable {
    case v1(QAMAV1Hamiltonian)
    case v2(QAMAV2Hamiltonian)

    /// The formulations by name, default first.
    public static let formulations = ["v2", "v1"]

    public init(query: NDArray, key: NDArray, value: NDArray, options: QAMAV2Options) throws {
        self = .v2(try QAMAV2Hamiltonian(query: query, key: key, value: value, options: options))
    }

    public init(query: NDArray, key: NDArray, value: NDArray, options: QAMAV1Options) throws {
        self = .v1(try QAMAV1Hamiltonian(query: query, key: key, value: value, options: options))
    }

    public var model: CompiledModel {
        switch self { case .v1(let h): h.model; case .v2(let h): h.model }
    }

    /// Where the variables sit; v2 is the layout with one bit per head and token, so `weights`, `mask` and
    /// `headOverlap` decode both formulations.
    public var layout: QAMALayout {
        switch self { case .v1(let h): h.layout; case .v2(let h): h.layout }
    }

    /// "v2" or "v1".
    public var formulation: String {
        switch self { case .v1: "v1"; case .v2: "v2" }
    }

    /// What the model is, in a few words.
    public var kind: String {
        switch self {
        case .v1(let h):
            "QAMA attention (v1): \(h.layout.heads) heads × \(h.layout.tokens) tokens × \(h.layout.bits) bits, \(h.options.coupling.rawValue) coupling"
        case .v2(let h):
            "QAMA attention (v2): \(h.layout.heads) heads × \(h.layout.tokens) tokens"
        }
    }

    /// The query–key, value and head-overlap energies at a sample (0/1 or ±1 per variable), weights from `params`.
    public func terms<C: RandomAccessCollection>(_ sample: C, params: [String: Double]) throws -> [QAMATerm]
    where C.Element == Int8, C.Index == Int {
        switch self {
        case .v1(let h): return try h.terms(sample, params: params)
        case .v2(let h): return try h.terms(sample, params: params)
        }
    }

    /// The operator's output for a sample, shaped [H, N, d] like V (see each formulation's `output`).
    public func output<C: RandomAccessCollection>(_ sample: C, value: NDArray, params: [String: Double]) throws -> [Double]
    where C.Element == Int8, C.Index == Int {
        switch self {
        case .v1(let h): return try h.output(sample, value: value, params: params)
        case .v2(let h): return try h.output(sample, value: value)
        }
    }
}
