import ArgumentParser
import CIMMachine
import CIMServer
import Foundation
import IsingSolvers
import Logging

/// `qama-cim serve`: runs the job server until SIGINT/SIGTERM, then drains it (see `CIMServer`). Settings
/// the server cannot run with are refused before it starts, with exit code 64 (ArgumentParser's usage
/// error).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the CIM job API over HTTP.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on, 0…65535 (0 picks a free one; the chosen port is logged).") var port = 8780
    @Option(help: "File holding the bearer token clients must send (whitespace trimmed). Without it the machine is open.")
    var tokenFile: String?
    @Option(help: ArgumentHelp("Machine profile: \(MachineProfile.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).",
                               valueName: "name"))
    var profile = MachineProfile.simulator.name
    @Option(help: "Spins the machine has, instead of the profile's (larger problems get 413).") var spins: Int?
    @Option(help: "Coefficient precision in bits, instead of the profile's.") var precision: Int?
    @Option(help: "Most samples one job may ask for, instead of the profile's.") var maxSamples: Int?
    @Option(help: "Worker threads, one job each (default: one per core).") var workers: Int?
    @Option(help: "Jobs that may wait for a worker before new ones get 429.") var queue = 64
    @Option(help: "Integration steps per sample.") var steps = CIMDynamics().steps
    @Option(help: "Integration time step.") var dt = CIMDynamics().dt
    @Option(help: "Seconds running jobs get to finish on shutdown before they are cancelled.") var grace = 10.0
    @Option(help: "Seconds announced in Retry-After on 429 and 503.") var retryAfter = 1
    @Option(help: "Finished jobs kept for status and result queries; older ones are forgotten first (410).")
    var retainedJobs = CIMServerConfiguration().retainedJobs
    @Option(help: "Megabytes the kept results may hold together; older ones are forgotten first (410).")
    var resultMemory = CIMServerConfiguration().retainedResultBytes >> 20
    @Option(help: "Largest request body in megabytes (a job's body grows as spins²).")
    var maxBody = CIMServerConfiguration().requestBodyBudgetBytes >> 20
    @Option(help: "Seconds an idle connection is kept open.") var idleTimeout = CIMServerConfiguration().idleTimeoutSeconds
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
        _ = try serverConfiguration(token: nil)
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!  // checked in validate()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        try await CIMServer(configuration: try serverConfiguration(token: try readToken())).run()
    }

    /// The server's configuration from the options, checked (`CIMServerConfiguration.validate`).
    private func serverConfiguration(token: String?) throws -> CIMServerConfiguration {
        guard let base = MachineProfile.named(profile) else {
            throw ValidationError("unknown profile \"\(profile)\"; the profiles are \(MachineProfile.names)")
        }
        var coefficientPrecision: CouplingPrecision?
        if let precision {
            do { coefficientPrecision = try CouplingPrecision(bits: precision, encoding: base.precision.encoding) } catch {
                throw ValidationError("precision must be 2…32 bits, got \(precision)")
            }
        }
        var dynamics = CIMDynamics()
        dynamics.steps = steps
        dynamics.dt = dt
        let machine = SimulatedMachine(profile: base.with(spins: spins, precision: coefficientPrecision, maxSamples: maxSamples),
                                       dynamics: dynamics)
        let configuration = CIMServerConfiguration(
            host: host, port: port, token: token, machine: machine,
            workers: workers ?? min(CIMServerConfiguration.maxWorkers, ProcessInfo.processInfo.activeProcessorCount), queueCapacity: queue,
            retryAfterSeconds: retryAfter, shutdownGraceSeconds: grace, retainedJobs: retainedJobs,
            retainedResultBytes: try megabytes(resultMemory, "--result-memory"),
            requestBodyBudgetBytes: try megabytes(maxBody, "--max-body"), idleTimeoutSeconds: idleTimeout)
        do { try configuration.validate() } catch { throw ValidationError(error.message) }
        return configuration
    }

    private func megabytes(_ mb: Int, _ option: String) throws -> Int {
        guard mb >= 0, mb <= Int.max >> 20 else { throw ValidationError("\(option) must be a number of megabytes ≥ 0, got \(mb)") }
        return mb << 20
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
