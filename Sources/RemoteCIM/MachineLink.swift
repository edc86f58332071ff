import CIMWire
import Foundation
import IsingCore
import IsingSolvers

/// How `CIMClient` reaches a machine: ask what it is, run one job. A served machine is reached over the
/// job API (`RemoteMachineLink`); the simulated machine can run in this process (`EmbeddedMachineLink`).
/// Everything else a solve does — checking the profile, quantising, checking the samples, energies on
/// the original problem — is the client's, the same for both.
protocol MachineLink: Sendable {
    /// Where the machine is, for messages ("http://host:8780", "the embedded cpqc-550 machine").
    var location: String { get }
    func info(control: SolveControl, deadline: ContinuousClock.Instant) throws -> CIMMachineInfo
    /// Runs `request` and returns its result; cancelling `control` abandons (and cancels) the job.
    func run(_ request: CIMJobRequest, control: SolveControl, deadline: ContinuousClock.Instant) throws -> CIMJobResult
}

/// A machine behind the job API: a `RemoteJob` per call (submit, poll with back-off, fetch, DELETE on
/// cancel or timeout).
struct RemoteMachineLink: MachineLink {
    let connection: MachineConnection
    let maxRetries: Int

    var location: String { connection.baseURL }

    func info(control: SolveControl, deadline: ContinuousClock.Instant) throws -> CIMMachineInfo {
        try RemoteJob(connection: connection, control: control, deadline: deadline, maxRetries: maxRetries).machine()
    }

    func run(_ request: CIMJobRequest, control: SolveControl, deadline: ContinuousClock.Instant) throws -> CIMJobResult {
        let job = RemoteJob(connection: connection, control: control, deadline: deadline, maxRetries: maxRetries)
        let id = try job.submit(request)
        let result = try job.waitForResult(id)
        guard result.id == id else {
            throw RemoteCIMError(.malformedReply, "cim: the machine's result for job \(id) is inconsistent (it names job \(result.id))")
        }
        return result
    }
}
