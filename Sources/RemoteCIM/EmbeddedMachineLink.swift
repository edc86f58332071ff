import CIMMachine
import CIMWire
import Foundation
import IsingCore
import IsingSolvers

/// The simulated machine run in this process: the same `SimulatedMachine` `qama-cim serve` runs (same
/// profile checks, dynamics and seeding), without HTTP. A job it refuses fails as the server's reply would
/// (tooManySpins, outOfPrecision, rejected); the solve's timeout cancels the run.
struct EmbeddedMachineLink: MachineLink {
    let machine: SimulatedMachine

    var location: String { "the embedded \(machine.profile.name) machine" }

    func info(control: SolveControl, deadline: ContinuousClock.Instant) throws -> CIMMachineInfo {
        machine.info(queue: .init(capacity: 1, queued: 0, running: 0, workers: 1))
    }

    func run(_ request: CIMJobRequest, control: SolveControl, deadline: ContinuousClock.Instant) throws -> CIMJobResult {
        let job: MachineJob
        do { job = try machine.accept(request) } catch {
            switch error.kind {
            case .tooManySpins: throw RemoteCIMError(.tooManySpins, "cim: \(error.message)")
            case .outOfPrecision: throw RemoteCIMError(.outOfPrecision, "cim: \(error.message)")
            case .badRequest: throw RemoteCIMError(.rejected, "cim: the machine rejected the job: \(error.message)")
            }
        }
        let timedOut = Deadline(deadline)
        let bounded = SolveControl(progress: { control.report($0) },
                                   isCancelledExternally: { control.isCancelled || timedOut.passed })
        let started = ContinuousClock.now
        do {
            // The samples do not depend on the thread count: use every core, as the server uses one per job.
            let samples = try machine.run(job, threads: 0, control: bounded)
            return CIMJobResult(id: "embedded", samples: samples, timing: .init(
                queueMilliseconds: 0, annealMilliseconds: Double((ContinuousClock.now - started) / .milliseconds(1))))
        } catch is SolveCancelled where !control.isCancelled {
            throw RemoteCIMError(.timeout, "cim: timed out on \(location)")
        }
    }
}

/// A deadline checked from any thread.
private struct Deadline: Sendable {
    let instant: ContinuousClock.Instant
    init(_ instant: ContinuousClock.Instant) { self.instant = instant }
    var passed: Bool { ContinuousClock.now >= instant }
}
