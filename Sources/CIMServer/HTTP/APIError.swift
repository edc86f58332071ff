import Foundation
import Hummingbird
import CIMWire

/// An error reply of the job API: a status, a stable code for programs and a one-line message for people.
struct APIError: Error, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var retryAfterSeconds: Int?

    static func badRequest(_ message: String) -> APIError { .init(status: .badRequest, code: "bad_request", message: message) }
    static let unauthorized = APIError(status: .unauthorized, code: "unauthorized",
                                       message: "missing or wrong bearer token")
    static func notFound(_ message: String) -> APIError { .init(status: .notFound, code: "not_found", message: message) }
    static func gone(_ message: String) -> APIError { .init(status: .gone, code: "forgotten", message: message) }
    static func conflict(_ message: String) -> APIError { .init(status: .conflict, code: "conflict", message: message) }
    static func tooManySpins(_ message: String) -> APIError {
        .init(status: .contentTooLarge, code: "too_many_spins", message: message)
    }
    static func outOfPrecision(_ message: String) -> APIError {
        .init(status: .unprocessableContent, code: "coupling_out_of_range", message: message)
    }
    static func queueFull(retryAfter: Int) -> APIError {
        .init(status: .tooManyRequests, code: "queue_full", message: "the job queue is full; retry later",
              retryAfterSeconds: retryAfter)
    }
    static func shuttingDown(retryAfter: Int) -> APIError {
        .init(status: .serviceUnavailable, code: "shutting_down", message: "the machine is shutting down",
              retryAfterSeconds: retryAfter)
    }

    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfterSeconds { headers[.retryAfter] = "\(retryAfterSeconds)" }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let body = (try? JSONEncoder().encode(CIMErrorReply(code: code, message: message))) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every error a route throws (ours, Hummingbird's 404/413, anything else) into the API's JSON form.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as any HTTPResponseError {
            let code = switch error.status {
            case .notFound: "not_found"
            case .contentTooLarge: "body_too_large"
            case .methodNotAllowed: "method_not_allowed"
            default: "http_\(error.status.code)"
            }
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return APIError(status: error.status, code: code, message: message).response
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return APIError(status: .internalServerError, code: "internal", message: "internal error").response
        }
    }
}
