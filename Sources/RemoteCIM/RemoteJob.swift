import Foundation
import IsingCore
import CIMWire
import IsingSolvers
import NIOHTTP1

/// One job's conversation with the machine: submit (retrying 429/503 after Retry-After), poll with
/// exponential back-off until it ends, fetch the result; DELETE it if the caller cancels or time runs out.
struct RemoteJob {
    let connection: MachineConnection
    let control: SolveControl
    let deadline: ContinuousClock.Instant
    let maxRetries: Int

    /// Polling starts fast, for small jobs, and backs off to this.
    static let firstPoll = Duration.milliseconds(20), lastPoll = Duration.milliseconds(500)

    func machine() throws -> CIMMachineInfo {
        let data = try call(.GET, "/v1/machine")
        return try connection.decode(CIMMachineInfo.self, from: data, replyTo: "GET /v1/machine")
    }

    /// Submits `request` and returns the job id.
    ///
    /// The POST may outlive the solve's deadline by `submitGrace`: cutting it short could leave a job the
    /// machine accepted but nobody knows the id of, so nobody could cancel it. If the deadline passed
    /// meanwhile, the job is cancelled at once and the solve times out.
    func submit(_ request: CIMJobRequest) throws -> String {
        let body: Data
        do { body = try JSONEncoder().encode(request) } catch {
            throw RemoteCIMError(.invalidConfiguration, "cim: the problem cannot be encoded as JSON (\(error))")
        }
        let data = try call(.POST, "/v1/jobs", body: body, deadline: max(deadline, .now + Self.submitGrace))
        let id = try connection.decode(CIMJobState.self, from: data, replyTo: "POST /v1/jobs").id
        if ContinuousClock.now >= deadline {
            cancelRemote(id)
            throw RemoteCIMError(.timeout, "cim: timed out submitting to the machine at \(connection.baseURL)")
        }
        return id
    }

    static let submitGrace = Duration.seconds(5)

    /// Polls job `id` until it is done and returns its result.
    func waitForResult(_ id: String) throws -> CIMJobResult {
        var delay = Self.firstPoll
        do {
            while true {
                let data = try call(.GET, "/v1/jobs/\(id)")
                let state = try connection.decode(CIMJobState.self, from: data, replyTo: "GET /v1/jobs/\(id)")
                guard state.id == id else {
                    throw RemoteCIMError(.malformedReply, "cim: asked for job \(id), the machine answered about \(state.id)")
                }
                switch state.status {
                case .done:
                    let result = try call(.GET, "/v1/jobs/\(id)/result")
                    return try connection.decode(CIMJobResult.self, from: result, replyTo: "GET /v1/jobs/\(id)/result")
                case .failed:
                    throw RemoteCIMError(.jobFailed, "cim: the machine failed job \(id): \(state.error ?? "no reason given")")
                case .cancelled:
                    throw RemoteCIMError(.jobCancelled, "cim: the machine cancelled job \(id): \(state.error ?? "no reason given")")
                case .queued, .running:
                    control.report(SolveProgress(fraction: state.progress, message: "cim: job \(state.status.rawValue)"))
                }
                try pause(delay)
                delay = min(Self.lastPoll, delay * 1.6)
            }
        } catch is SolveCancelled {
            cancelRemote(id)
            throw SolveCancelled()
        } catch let error as RemoteCIMError where error.kind == .timeout {
            cancelRemote(id)
            throw error
        }
    }

    /// Best-effort DELETE, so an abandoned job does not keep the machine busy.
    private func cancelRemote(_ id: String) {
        _ = try? connection.send(.DELETE, "/v1/jobs/\(id)", deadline: .now + .seconds(2))
    }

    /// One call, retried after Retry-After on 429 and 503; any other non-2xx becomes a RemoteCIMError.
    /// `deadline` bounds the request itself (default: the solve's); waits between retries never pass the solve's.
    private func call(_ method: HTTPMethod, _ path: String, body: Data? = nil,
                      deadline: ContinuousClock.Instant? = nil) throws -> Data {
        let deadline = deadline ?? self.deadline
        var attempt = 0
        while true {
            try control.checkCancelled()
            switch try connection.send(method, path, body: body, deadline: deadline) {
            case .ok(let data):
                return data
            case .failure(let status, _, _, let retryAfter) where (status == 429 || status == 503) && attempt < maxRetries:
                attempt += 1
                try pause(.milliseconds(Int64(1000 * min(30, max(0.05, retryAfter ?? 1)))))  // within the solve's deadline
            case .failure(let status, let code, let message, _):
                throw Self.error(status: status, code: code, message: message, request: "\(method) \(path)",
                                 url: connection.baseURL, retries: attempt)
            }
        }
    }

    /// Sleeps in slices of at most 10 ms, so cancellation is seen promptly; fails at the deadline.
    private func pause(_ duration: Duration) throws {
        let until = ContinuousClock.now + duration
        while ContinuousClock.now < until {
            try control.checkCancelled()
            guard ContinuousClock.now < deadline else {
                throw RemoteCIMError(.timeout, "cim: timed out waiting for the machine at \(connection.baseURL)")
            }
            Thread.sleep(forTimeInterval: min(0.01, max(0, (until - .now) / .seconds(1))))
        }
    }

    static func error(status: Int, code: String?, message: String?, request: String, url: String, retries: Int) -> RemoteCIMError {
        let said = message.map { ": \($0)" } ?? ""
        switch status {
        case 401:
            return RemoteCIMError(.unauthorized, "cim: the machine at \(url) refused the token (HTTP 401); set token: or QAMA_CIM_TOKEN", status: status)
        case 413:
            return RemoteCIMError(.tooManySpins, "cim: the problem is too large for the machine (HTTP 413\(said))", status: status)
        case 422:
            return RemoteCIMError(.outOfPrecision, "cim: the machine rejected a coefficient (HTTP 422\(said))", status: status)
        case 429:
            return RemoteCIMError(.queueFull, "cim: the machine's queue stayed full after \(retries) retries (HTTP 429)", status: status)
        case 503:
            return RemoteCIMError(.unavailable, "cim: the machine is unavailable (HTTP 503\(said))", status: status)
        case 500...:
            return RemoteCIMError(.serverError, "cim: the machine failed on \(request) (HTTP \(status)\(said))", status: status)
        default:
            return RemoteCIMError(.rejected, "cim: the machine rejected \(request) (HTTP \(status)\(code.map { " \($0)" } ?? "")\(said))", status: status)
        }
    }
}
