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
        let advice = magnitude.isFinite ? "; divide the inputs by at least \(powerOfTen(log10(magnitude / limit)))" : "; scale the inputs down"
        throw SolverFailure("the model's coefficients are too large: |offset| + Σ|h| + Σ|J| is \(size(magnitude)) (largest: \(name) = \(NumberFormat.format(value))), beyond \(NumberFormat.format(limit)), the largest energy scale solvers compute with\(advice)")
    }

    /// Throws when a single-precision bound is beyond `singlePrecisionLimit`; `what` says which product.
    public static func checkSinglePrecision(_ bound: Double, _ what: String, largest: () -> (name: String, value: Double)) throws {
        guard bound > singlePrecisionLimit else { return }
        let (name, value) = largest()
        // The bound is a product of two inputs' sizes: dividing each by √(bound / limit) brings it within.
        let factor = bound.isFinite ? "; divide them by at least \(powerOfTen(log10(bound / singlePrecisionLimit) / 2))" : "; scale them down"
        throw SolverFailure("the inputs are too large for the annealer's single-precision arithmetic: \(what) is \(size(bound)) (largest: \(name) = \(NumberFormat.format(value))), beyond \(NumberFormat.format(singlePrecisionLimit))\(factor)")
    }

    /// "4.5e+201", or what an infinite bound means.
    private static func size(_ x: Double) -> String {
        x.isFinite ? NumberFormat.g(x, precision: 3) : "beyond the largest Double (1.8e+308)"
    }

    /// 10 to `exponent` rounded up ("1e+51"): the factor a user would scale the inputs by.
    private static func powerOfTen(_ exponent: Double) -> String {
        NumberFormat.g(pow(10, exponent.rounded(.up)), precision: 1)
    }
}
