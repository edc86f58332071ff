/// Pump p and target squared amplitude a at each step: linear ramps over the first part of the run, then
/// held, so the machine first bifurcates gently and then explores at a fixed operating point.
struct CIMSchedule: Sendable {
    let pumpStart, pumpEnd, amplitudeStart, amplitudeEnd: Double
    let rampSteps: Int

    init(dynamics: CIMDynamics) {
        pumpStart = dynamics.pumpStart
        pumpEnd = dynamics.pumpEnd
        amplitudeStart = dynamics.amplitudeStart
        amplitudeEnd = dynamics.amplitudeEnd
        rampSteps = max(1, Int((Double(dynamics.steps) * dynamics.rampFraction).rounded()))
    }

    @inline(__always)
    func at(step: Int) -> (pump: Double, amplitude: Double) {
        let f = rampSteps > 1 ? min(1, Double(step) / Double(rampSteps - 1)) : 1
        return (pumpStart + (pumpEnd - pumpStart) * f, amplitudeStart + (amplitudeEnd - amplitudeStart) * f)
    }
}
