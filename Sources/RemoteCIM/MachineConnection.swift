import AsyncHTTPClient
import Foundation
import CIMWire
import IsingSolvers
import NIOCore
import NIOHTTP1

/// Blocking JSON calls to one machine's job API. Every call has a deadline, sends the token in the
/// Authorization header only, and turns every failure into a `RemoteCIMError`. It waits on NIO futures
/// (never on Swift concurrency), so it must not be called from an event-loop thread.
struct MachineConnection: Sendable {
    let baseURL: String
    let token: String?
    let client: HTTPClient

    /// One client for the process, as `HTTPClient.shared`, but failing at once when nobody listens (no
    /// reconnect-with-back-off until the connect timeout): a machine that went away should be an error
    /// now, not in ten seconds.
    static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5)),
                                                     connectionPool: .init(idleTimeout: .seconds(30)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A reply with a 2xx status, or the HTTP error it carried (status and the server's message).
    enum Reply {
        case ok(Data)
        case failure(status: Int, code: String?, message: String?, retryAfter: Double?)
    }

    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil, deadline: ContinuousClock.Instant) throws(RemoteCIMError) -> Reply {
        let remaining = deadline - .now
        guard remaining > .zero else { throw timeoutError(method, path) }
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let response: HTTPClient.Response
        do {
            let request = try HTTPClient.Request(url: baseURL + path, method: method, headers: headers,
                                                 body: body.map { .bytes($0) })
            let nanoseconds = remaining.components.seconds * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000
            response = try client.execute(request: request, deadline: .now() + .nanoseconds(nanoseconds)).wait()
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw timeoutError(method, path)
        } catch {
            throw RemoteCIMError(.unreachable, "cim: cannot reach the machine at \(baseURL) (\(Self.describe(error)))")
        }
        let data = response.body.map { Data($0.readableBytesView) } ?? Data()
        let status = Int(response.status.code)
        if (200..<300).contains(status) { return .ok(data) }
        let detail = try? JSONDecoder().decode(CIMErrorReply.self, from: data)
        let retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
        return .failure(status: status, code: detail?.error.code, message: detail?.error.message, retryAfter: retryAfter)
    }

    /// Decodes a 2xx reply's body as `T`.
    func decode<T: Decodable>(_ type: T.Type, from data: Data, replyTo what: String) throws(RemoteCIMError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw RemoteCIMError(.malformedReply, "cim: the machine's reply to \(what) is not valid JSON for the job API")
        }
    }

    private func timeoutError(_ method: HTTPMethod, _ path: String) -> RemoteCIMError {
        RemoteCIMError(.timeout, "cim: timed out waiting for the machine at \(baseURL) (\(method) \(path))")
    }

    /// A transport error in a few words (AHC's descriptions are type dumps).
    private static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("refused") || text.contains("errno: 111") { return "connection refused" }
        if text.contains("remoteConnectionClosed") || text.contains("closed") { return "connection closed by the machine" }
        if text.contains("reset") { return "connection reset" }
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
