import CIMTestSupport
import Foundation
import IsingCore
import IsingSolvers
import RemoteCIM
import Synchronization
import Testing

/// `CIMClient.solve` against a real server on loopback; every solve runs on its own thread (see `onThread`).
@Suite("CIMClient: the remote machine as a Solver")
struct CIMClientTests {
    @Test("happy path: the ground state comes back with energies on the original, unquantised problem")
    func happyPath() async throws {
        let machine = try await TestMachine.start()
        let planted = PlantedProblem(n: 10, seed: 1)
        let progress = Mutex<[Double]>([])
        let control = SolveControl(progress: { p in progress.withLock { $0.append(p.fraction) } })
        let client = CIMClient(url: machine.url, token: machine.token, samples: 6, timeout: 30, seed: 3)
        let result = try await onThread { try client.solve(planted.problem, control: control) }.get()

        #expect(result.solver == "cim" && result.reads == 6 && result.n == 10)
        for r in 0..<result.reads { #expect(result.energies[r] == planted.problem.energy(result.sample(r))) }
        #expect(Array(result.sample(result.bestIndex)) == planted.pattern)
        #expect(result.energies.min() == planted.groundEnergy)  // includes the offset the machine never saw
        #expect(result.settings.map(\.name) == ["samples", "mode", "seed", "precision", "scale", "precision_lost"])
        #expect(Array(result.settings.prefix(4)) == [.fixed("samples", .int(6)), .fixed("mode", .text("optimize")), .seed(3),
                                                     .fixed("precision", .text("8-bit Ising"))])
        #expect(progress.withLock { $0.last } == 1)
        await machine.stop()
    }

    @Test("a wrong token is a clear unauthorized error that never shows either token")
    func wrongToken() async throws {
        let logs = LogCapture()
        let machine = try await TestMachine.start(token: "right-token-8d1f", logs: logs)
        let client = CIMClient(url: machine.url, token: "wrong-token-5c2a", samples: 2, timeout: 10)
        let outcome = await onThread { try client.solve(PlantedProblem(n: 4, seed: 1).problem, control: .none) }
        let error = try #require(outcome.failure as? RemoteCIMError)
        #expect(error.kind == .unauthorized && error.status == 401)
        #expect(error.message.contains("401") && !error.message.contains("\n"))
        for text in [error.message, "\(error)", String(reflecting: error), "\(client)", String(reflecting: client)]
            + logs.all {
            #expect(!text.contains("right-token-8d1f") && !text.contains("wrong-token-5c2a"))
        }
        #expect(client.hasToken)
        await machine.stop()
    }

    @Test("a problem larger than the machine is refused as tooManySpins")
    func oversized() async throws {
        let machine = try await TestMachine.start(spins: 8)
        let client = CIMClient(url: machine.url, token: machine.token, samples: 2, timeout: 10)
        let outcome = await onThread { try client.solve(PlantedProblem(n: 9, seed: 1).problem, control: .none) }
        #expect((outcome.failure as? RemoteCIMError)?.kind == .tooManySpins)
        await machine.stop()
    }

    @Test("the client quantises: coefficients the machine could not hold raw still solve, with a warning when much is lost")
    func quantisesAndWarns() async throws {
        let machine = try await TestMachine.start(precisionBits: 4)  // integers within ±7
        // On a ±7 machine the raw body would be refused with 422; scaled by 300/7, h₂ = 20 rounds away and
        // J₁₂ = 25 becomes 1, a 9% change.
        let problem = IsingProblem(n: 3, h: [0, 0, 20], edges: [(0, 1, -300), (1, 2, 25)])
        let warnings = Mutex<[String]>([])
        let client = CIMClient(url: machine.url, token: machine.token, samples: 4, timeout: 30,
                               warning: { w in warnings.withLock { $0.append(w) } })
        let result = try await onThread { try client.solve(problem, control: .none) }.get()
        // The machine solved the quantised problem (s₀ = s₁ = −s₂, either sign); the energies are the original's.
        for r in 0..<result.reads {
            let s = Array(result.sample(r))
            #expect(s[0] == s[1] && s[2] == -s[1])
            #expect(result.energies[r] == problem.energy(s))
        }
        let warning = try #require(warnings.withLock { $0.first })
        #expect(warning == "cim: quantising to 4-bit Ising coefficients changes them by 8.89% (relative norm); results are for the quantised problem")

        // Asking for more bits than the machine has is a configuration error, before anything is sent.
        let greedy = CIMClient(url: machine.url, token: machine.token, samples: 1, timeout: 10, precision: 12)
        let outcome = await onThread { try greedy.solve(problem, control: .none) }
        #expect((outcome.failure as? RemoteCIMError)?.kind == .invalidConfiguration)
        await machine.stop()
    }

    @Test("a queue that stays full is retried after Retry-After, then reported as queueFull")
    func queueStaysFull() async throws {
        let machine = try await TestMachine.start(workers: 1, queue: 1, steps: TestMachine.endless, retryAfter: 1)
        let blocker = CIMClient(url: machine.url, token: machine.token, samples: 1, timeout: 30)
        let control = SolveControl()
        async let running = onThread { try blocker.solve(PlantedProblem(n: 3, seed: 1).problem, control: control) }
        async let waiting = onThread { try blocker.solve(PlantedProblem(n: 3, seed: 2).problem, control: control) }
        #expect(try await machine.waitUntil { $0.running == 1 && $0.queued == 1 })
        let client = CIMClient(url: machine.url, token: machine.token, samples: 1, timeout: 30, maxRetries: 1)
        let error = try #require(await onThread { try client.solve(PlantedProblem(n: 3, seed: 3).problem, control: .none) }
            .failure as? RemoteCIMError)
        #expect(error.kind == .queueFull && error.status == 429 && error.message.contains("after 1 retries"))
        control.cancel()
        let (first, second) = await (running, waiting)
        #expect(first.failure is SolveCancelled && second.failure is SolveCancelled)
        await machine.stop()
    }

    @Test("cancelling the control cancels the remote job (DELETE) and throws SolveCancelled")
    func cancelViaControl() async throws {
        let machine = try await TestMachine.start(workers: 1, steps: TestMachine.endless)
        let control = SolveControl()
        let client = CIMClient(url: machine.url, token: machine.token, samples: 1, timeout: 60)
        async let outcome = onThread { try client.solve(PlantedProblem(n: 6, seed: 2).problem, control: control) }
        #expect(try await machine.waitUntil { $0.running == 1 })
        control.cancel()
        #expect(await outcome.failure is SolveCancelled)
        // The machine's worker is free again: the remote job was cancelled, not abandoned.
        #expect(try await machine.waitUntil { $0.running == 0 && $0.queued == 0 })
        await machine.stop()
    }

    @Test("a slow machine and a short timeout: a timeout error, and the abandoned job is cancelled")
    func timeout() async throws {
        let machine = try await TestMachine.start(workers: 1, steps: TestMachine.endless)
        let client = CIMClient(url: machine.url, token: machine.token, samples: 1, timeout: 0.4)
        let outcome = await onThread { try client.solve(PlantedProblem(n: 6, seed: 3).problem, control: .none) }
        #expect((outcome.failure as? RemoteCIMError)?.kind == .timeout)
        #expect(try await machine.waitUntil { $0.running == 0 && $0.queued == 0 })
        await machine.stop()
    }

    @Test("stopping the machine mid-job fails the solve promptly instead of hanging")
    func serverStoppedMidJob() async throws {
        let machine = try await TestMachine.start(workers: 1, steps: TestMachine.endless, grace: 0)
        let client = CIMClient(url: machine.url, token: machine.token, samples: 1, timeout: 120)
        async let outcome = onThread { try client.solve(PlantedProblem(n: 6, seed: 4).problem, control: .none) }
        #expect(try await machine.waitUntil { $0.running == 1 })
        await machine.stop()
        let error = try #require(await outcome.failure as? RemoteCIMError)
        // Either it saw the job cancelled by the shutdown or found nobody listening; not a timeout.
        #expect(error.kind == .jobCancelled || error.kind == .unreachable)
    }

    @Test("no machine at the URL: unreachable, in one line")
    func unreachable() async throws {
        let machine = try await TestMachine.start()
        let url = machine.url
        await machine.stop()  // its port is now closed
        let client = CIMClient(url: url, token: "t", samples: 1, timeout: 10)
        let outcome = await onThread { try client.solve(PlantedProblem(n: 3, seed: 1).problem, control: .none) }
        let error = try #require(outcome.failure as? RemoteCIMError)
        #expect(error.kind == .unreachable && error.message.contains(url) && !error.message.contains("\n"), "\(error)")
        let bad = CIMClient(url: "ftp://example", samples: 1)
        #expect((await onThread { try bad.solve(PlantedProblem(n: 3, seed: 1).problem, control: .none) }.failure
                 as? RemoteCIMError)?.kind == .invalidConfiguration)
    }
}
