import Foundation
import NumberText

/// The largest energy scale a model may have: |offset| + Σ|h| + Σ|J| ≤ 10¹⁵⁰. Below it every energy, every
/// energy difference, a product of two coefficients (simulated bifurcation's Σ J², a CIM's feedback) and
/// β·ΔE stay finite in Double; beyond it a derived value can overflow to ±inf or NaN and reach a trapping
/// integer conversion or a silent `inf` energy. Inputs are checked for NaN and infinity where they are read;
/// this checks what is derived from them, where a model becomes the problem solvers take.
public enum EnergyScale {
    public static let limit = 1e150

    /// The largest |value| a Float copy of the inputs may reach in a single-precision inner loop (the
    /// structured QAMA annealer's dot products): below Float's 3.4e38 with room for rounding.
    public static let singlePrecisionLimit = 1e36

    /// Throws when `magnitude` (a bound on |energy|, computed without cancellation) is beyond the limit or
    /// not finite; `largest` names the largest coefficient and its value for the message.
    public static func check(_ magnitude: Double, largest: () -> (name: String, value: Double)) throws {
        guard magnitude > limit else { return }  // NaN too: the caller's finiteness check names it
        let (name, value) = largest()
        throw SolverFailure(message(magnitude: magnitude, largest: "\(name) = \(NumberFormat.format(value))",
                                    scaleBy: magnitude.isFinite ? magnitude / limit : nil))
    }

    /// Throws when a single-precision bound is beyond `singlePrecisionLimit`; `what` says which product.
    public static func checkSinglePrecision(_ bound: Double, _ what: String, largest: () -> (name: String, value: Double)) throws {
        guard bound > singlePrecisionLimit else { return }
        let (name, value) = largest()
        let size = bound.isFinite ? NumberFormat.g(bound, precision: 3) : "beyond the largest Double (1.8e+308)"
        let factor = bound.isFinite ? "; divide them by at least \(NumberFormat.g(pow(10, (log10(bound / singlePrecisionLimit) / 2).rounded(.up)), precision: 1))" : "; scale them down"
        throw SolverFailure("the inputs are too large for the annealer's single-precision arithmetic: \(what) is \(size) (largest: \(name) = \(NumberFormat.format(value))), beyond \(NumberFormat.format(singlePrecisionLimit))\(factor)")
    }

    /// "…; divide them by at least 1e+158": the factor a user would scale the inputs by, when it is known.
    static func message(magnitude: Double, largest: String, scaleBy factor: Double?) -> String {
        let size = magnitude.isFinite ? NumberFormat.g(magnitude, precision: 3) : "beyond the largest Double (1.8e+308)"
        let advice = factor.map { "; divide the inputs by at least \(NumberFormat.g(pow(10, log10($0).rounded(.up)), precision: 1))" }
            ?? "; scale the inputs down"
        return "the model's coefficients are too large: |offset| + Σ|h| + Σ|J| is \(size) (largest: \(largest)), beyond \(NumberFormat.format(limit)), the largest energy scale solvers compute with\(advice)"
    }
}
