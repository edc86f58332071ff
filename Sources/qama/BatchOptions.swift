import ArgumentParser
import Foundation

/// The arguments every batch command (`solve-qubo`, `solve-qama`) takes, declared once.
struct BatchOptions: ParsableArguments {
    @Argument(help: "The .npy input; stdin when omitted or '-'.")
    var input: String = "-"

    @Option(help: "The solver, as a QAMA expression: sa(reads: 8, sweeps: 1000), sb(agents: 64), exact(), …")
    var solver: String = "sa()"

    @Option(help: "One seed for the whole batch; problem p's solver seed is derived from it and p.")
    var seed: UInt64 = 0

    @Option(help: "Worker threads over the batch (default: every core). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    /// Runs `body`; a failure (bad input, bad solver expression, the solver's own) is one line on stderr and
    /// exit status 2, which the Python bridge shows as its exception's message.
    func reportingFailures(of command: String, _ body: () throws -> Void) throws {
        do { try body() } catch {
            FileHandle.standardError.write(Data("qama \(command): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
