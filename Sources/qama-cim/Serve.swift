import ArgumentParser
import CIMServer
import Foundation
import IsingSolvers
import Logging

/// `qama-cim serve`: runs the job server until SIGINT/SIGTERM, then drains it (see `CIMServer`).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the CIM job API over HTTP.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one; the chosen port is logged).") var port = 8780
    @Option(help: "File holding the bearer token clients must send (whitespace trimmed). Without it the machine is open.")
    var tokenFile: String?
    @Option(help: "Spins the machine has (larger problems get 413).") var spins = 2000
    @Option(help: "Coupling precision in bits: coefficients must be integers within ±(2^(bits-1) - 1).") var precision = 8
    @Option(help: "Worker threads, one job each (default: one per core).") var workers: Int?
    @Option(help: "Jobs that may wait for a worker before new ones get 429.") var queue = 64
    @Option(help: "Integration steps per sample.") var steps = CIMDynamics().steps
    @Option(help: "Integration time step.") var dt = CIMDynamics().dt
    @Option(help: "Most samples one job may ask for.") var maxSamples = 1000
    @Option(help: "Seconds running jobs get to finish on shutdown before they are cancelled.") var grace = 10.0
    @Option(help: "Seconds announced in Retry-After on 429 and 503.") var retryAfter = 1
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("unknown log level \(logLevel)")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var dynamics = CIMDynamics()
        dynamics.steps = steps
        dynamics.dt = dt
        let configuration = CIMServerConfiguration(
            host: host, port: port, token: try readToken(), spins: spins,
            precision: try CouplingPrecision(bits: precision),
            workers: max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount), queueCapacity: queue,
            maxSamples: maxSamples, dynamics: dynamics, retryAfterSeconds: retryAfter, shutdownGraceSeconds: grace)
        try await CIMServer(configuration: configuration).run()
    }

    private func readToken() throws -> String? {
        guard let tokenFile else { return nil }
        guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            throw ValidationError("cannot read the token file \(tokenFile)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ValidationError("the token file \(tokenFile) is empty") }
        return token
    }
}
