import Foundation
import Hummingbird
import CIMWire
import IsingSolvers

/// The job API's routes (DESIGN.md, "Remote CIM job API") over one `JobEngine`.
struct JobRoutes: Sendable {
    let engine: JobEngine

    func register(on router: Router<BasicRequestContext>) {
        let v1 = router.group("v1")
        v1.get("machine") { _, _ in json(engine.machineInfo) }
        v1.post("jobs") { request, context in try await submit(request, context: context) }
        v1.get("jobs/:id") { _, context in json(try job(context).snapshot) }
        v1.get("jobs/:id/result") { _, context in try result(context) }
        v1.delete("jobs/:id") { _, context in
            let job = try job(context)
            engine.cancel(job, reason: "cancelled by the client")
            return json(job.snapshot)
        }
    }

    private func submit(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: engine.configuration.maxBodyBytes)
        let submission: JobSubmission
        do {
            submission = try JobSubmission(body: Data(buffer: body), machine: engine.configuration.machine)
        } catch {
            context.logger.notice("rejected job", metadata: ["status": "\(error.status.code)", "code": "\(error.code)",
                                                             "reason": "\(error.message)"])
            throw error
        }
        let job = Job(submission.job)
        do {
            try engine.submit(job)
        } catch .queueFull {
            context.logger.notice("rejected job: queue full")
            throw APIError.queueFull(retryAfter: engine.configuration.retryAfterSeconds)
        } catch .shuttingDown {
            throw APIError.shuttingDown(retryAfter: engine.configuration.retryAfterSeconds)
        }
        return json(job.snapshot, status: .accepted)
    }

    private func job(_ context: BasicRequestContext) throws -> Job {
        let id = context.parameters.get("id") ?? ""
        switch engine.job(id) {
        case .found(let job): return job
        case .forgotten:
            let c = engine.configuration
            throw APIError.gone("job \(id) finished and was forgotten: the machine keeps the newest \(c.retainedJobs) jobs and at most \(c.retainedResultBytes >> 20) MB of results (qama-cim serve --retained-jobs, --result-memory); fetch results soon after they finish")
        case .unknown: throw APIError.notFound("no job \(id)")
        }
    }

    private func result(_ context: BasicRequestContext) throws -> Response {
        let job = try job(context)
        guard let result = job.result else {
            let state = job.snapshot
            throw APIError.conflict("job \(state.id) is \(state.status.rawValue)" + (state.error.map { ": \($0)" } ?? ""))
        }
        return json(result)
    }
}

/// A JSON reply.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    let body = (try? JSONEncoder().encode(value)) ?? Data()
    return Response(status: status, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: body)))
}
