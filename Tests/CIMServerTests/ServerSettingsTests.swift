import CIMMachine
import CIMServer
import CIMTestSupport
import Foundation
import IsingSolvers
import Testing

/// A configuration with one setting changed.
private func configuration(_ change: (inout CIMServerConfiguration) -> Void) -> CIMServerConfiguration {
    var c = CIMServerConfiguration()
    change(&c)
    return c
}

@Suite("Server settings are checked before the server starts")
struct ServerSettingsTests {
    @Test("each unusable setting is refused with its value")
    func refused() {
        let cases: [(String, (inout CIMServerConfiguration) -> Void)] = [
            ("port must be 0…65535 (0 picks a free one), got 70000", { $0.port = 70_000 }),
            ("port must be 0…65535 (0 picks a free one), got -1", { $0.port = -1 }),
            ("queue must be at least 1, got 0", { $0.queueCapacity = 0 }),
            ("workers must be 1…256, got 0", { $0.workers = 0 }),
            ("spins must be 1…65536, got 0", { $0.machine = SimulatedMachine(profile: .simulator.with(spins: 0)) }),
            ("max samples must be at least 1, got 0", { $0.machine = SimulatedMachine(profile: .simulator.with(maxSamples: 0)) }),
            ("dt must be a finite number > 0, got nan", { $0.machine = SimulatedMachine(dynamics: CIMDynamics(dt: .nan)) }),
            ("dt must be a finite number > 0, got inf", { $0.machine = SimulatedMachine(dynamics: CIMDynamics(dt: .infinity)) }),
            ("steps must be at least 1, got 0", { $0.machine = SimulatedMachine(dynamics: CIMDynamics(steps: 0)) }),
            ("grace must be 0…86400 seconds, got nan", { $0.shutdownGraceSeconds = .nan }),
            // 1e300 once started, then trapped converting the grace to milliseconds on SIGTERM.
            ("grace must be 0…86400 seconds, got 1e+300", { $0.shutdownGraceSeconds = 1e300 }),
            // 4e12 samples once started, then aborted allocating the first job that asked for them.
            ("max samples 4000000000000 of 2000 spins make a result of 7781982421 MB, more than the result memory of 1024 MB; at most 526344 samples fit",
             { $0.machine = SimulatedMachine(profile: .simulator.with(maxSamples: 4_000_000_000_000)) }),
            ("max samples \(Int.max) of 2000 spins make a result of more bytes than memory holds, more than the result memory of 1024 MB; at most 526344 samples fit",
             { $0.machine = SimulatedMachine(profile: .simulator.with(maxSamples: .max)) }),
            ("the result memory must be at least 1 MB, got 1000 bytes", { $0.retainedResultBytes = 1000 }),
            ("the request body limit must be at least 64 KB, got 0 bytes", { $0.requestBodyBudgetBytes = 0 }),
            ("idle timeout must be more than 0 and at most 86400 seconds, got 0.0", { $0.idleTimeoutSeconds = 0 }),
            ("retry-after must be at least 0 seconds, got -1", { $0.retryAfterSeconds = -1 }),
            ("host must not be empty", { $0.host = "" }),
        ]
        for (message, change) in cases {
            #expect(throws: CIMServerConfiguration.Invalid(message: message)) { try configuration(change).validate() }
        }
        #expect(throws: Never.self) { try CIMServerConfiguration().validate() }
    }

    @Test("start refuses an invalid configuration instead of listening somewhere else")
    func startRefuses() async {
        let server = CIMServer(configuration: configuration { $0.port = 70_000 })
        await #expect(throws: CIMServerConfiguration.Invalid(message: "port must be 0…65535 (0 picks a free one), got 70000")) {
            _ = try await server.start()
        }
    }

    @Test("qama-cim serve exits with status 64 and names the setting", arguments: [
        (["--port", "70000"], "port must be 0…65535 (0 picks a free one), got 70000"),
        (["--dt", "nan"], "dt must be a finite number > 0, got nan"),
        (["--queue", "0"], "queue must be at least 1, got 0"),
        (["--spins", "0"], "spins must be 1…65536, got 0"),
        (["--profile", "dwave"], "unknown profile \"dwave\"; the profiles are simulator, cpqc-550"),
    ])
    func executableExits(arguments: [String], message: String) throws {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("qama-cim")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build qama-cim first (swift build --build-tests)")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(text.hasPrefix("Error: \(message)\n"), "\(text)")
    }
}
