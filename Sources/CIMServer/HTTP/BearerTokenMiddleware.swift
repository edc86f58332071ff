import Hummingbird

/// Requires `Authorization: Bearer <token>` on every request when the machine has a token. The compare
/// takes the same time wherever the first difference is, and nothing here ever logs the header.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              Self.constantTimeEqual(Array(header.utf8.dropFirst(7)), token)
        else {
            context.logger.notice("rejected request: missing or wrong token",
                                  metadata: ["method": "\(request.method)", "path": "\(request.uri.path)"])
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
