import Foundation
import IsingCore
import IsingSolvers

/// A `POST /v1/jobs` body checked against the machine: the problem it describes, or the API error that
/// says why the machine cannot run it. Nothing is quantised or repaired here: the client does that.
struct JobSubmission {
    let problem: IsingProblem
    let samples: Int
    let mode: CIMDynamics.Mode
    let seed: UInt64

    init(body: Data, configuration: CIMServerConfiguration) throws(APIError) {
        let request: CIMJobRequest
        do {
            request = try JSONDecoder().decode(CIMJobRequest.self, from: body)
        } catch {
            throw .badRequest("the body is not a job: \(Self.describe(error))")
        }
        let ising = request.ising
        let n = ising.n
        guard n >= 1 else { throw .badRequest("ising.n must be at least 1, got \(n)") }
        guard n <= configuration.spins else {
            throw .tooManySpins("the problem has \(n) spins; this machine has \(configuration.spins)")
        }
        guard ising.h.count == n else { throw .badRequest("ising.h has \(ising.h.count) entries for n = \(n)") }
        samples = request.samples ?? 16
        guard (1...configuration.maxSamples).contains(samples) else {
            throw .badRequest("samples must be 1…\(configuration.maxSamples), got \(samples)")
        }
        guard let mode = CIMDynamics.Mode(rawValue: request.mode ?? "optimize") else {
            throw .badRequest("mode must be \"optimize\" or \"sample\", got \"\(request.mode ?? "")\"")
        }
        self.mode = mode
        seed = request.seed ?? 0

        let precision = configuration.precision
        for (i, v) in ising.h.enumerated() where !precision.admits(v) {
            throw .outOfPrecision("h[\(i)] = \(v) is not an integer within ±\(precision.maxMagnitude) (\(precision.bits)-bit precision)")
        }
        var edges: [(Int, Int, Double)] = []
        edges.reserveCapacity(ising.J.count)
        for (k, triple) in ising.J.enumerated() {
            guard triple.count == 3, let i = Int(exactly: triple[0]), let j = Int(exactly: triple[1]) else {
                throw .badRequest("J[\(k)] must be [i, j, v] with integer indices")
            }
            guard (0..<n).contains(i), (0..<n).contains(j), i != j else {
                throw .badRequest("J[\(k)] = [\(i), \(j), …] needs distinct indices in 0..<\(n)")
            }
            guard precision.admits(triple[2]) else {
                throw .outOfPrecision("J[\(i), \(j)] = \(triple[2]) is not an integer within ±\(precision.maxMagnitude) (\(precision.bits)-bit precision)")
            }
            edges.append((i, j, triple[2]))
        }
        problem = IsingProblem(n: n, h: ising.h, edges: edges)
        // A pair listed twice adds up, and the sum must still fit the machine.
        if let violation = precision.firstViolation(in: problem) { throw .outOfPrecision(violation) }
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
