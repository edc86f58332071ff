import Foundation
import IsingCore
import CIMMachine
import CIMWire
import IsingSolvers

/// A `POST /v1/jobs` body decoded and checked by the machine: the job it describes, or the API error that
/// says why the machine cannot run it (the machine's own checks, `SimulatedMachine.accept`, shared with the
/// in-process machine).
struct JobSubmission {
    let job: MachineJob

    init(body: Data, machine: SimulatedMachine) throws(APIError) {
        let request: CIMJobRequest
        do {
            request = try JSONDecoder().decode(CIMJobRequest.self, from: body)
        } catch {
            throw .badRequest("the body is not a job: \(Self.describe(error))")
        }
        do {
            job = try machine.accept(request)
        } catch {
            switch error.kind {
            case .badRequest: throw .badRequest(error.message)
            case .tooManySpins: throw .tooManySpins(error.message)
            case .outOfPrecision: throw .outOfPrecision(error.message)
            }
        }
    }

    /// A decoding error in one line, without echoing the body back.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(Self.path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(Self.path(context.codingPath))"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "malformed JSON" : "bad value at \(Self.path(context.codingPath))"
        default:
            return "malformed JSON"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }
}
