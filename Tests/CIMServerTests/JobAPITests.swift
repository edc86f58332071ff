import CIMMachine
import CIMTestSupport
import CIMWire
import Foundation
import IsingSolvers
import Testing

/// A job body for a ferromagnetic chain of n spins with coupling v (raw JSON, as any client would send).
private func chainJob(n: Int, coupling v: Int = -1, samples: Int = 4, mode: String = "optimize") -> String {
    let couplings = (0..<(n - 1)).map { "[\($0), \($0 + 1), \(v)]" }.joined(separator: ",")
    return #"{"ising": {"n": \#(n), "h": [\#(Array(repeating: "0", count: n).joined(separator: ","))], "J": [\#(couplings)]}, "samples": \#(samples), "mode": "\#(mode)", "seed": 5}"#
}

@Suite("The job API over HTTP, as DESIGN.md specifies it")
struct JobAPITests {
    @Test("a job goes queued/running → done; its result has one ±1 row and one energy per sample")
    func lifecycle() async throws {
        let machine = try await TestMachine.start()
        let info = try await machine.machineInfo()
        #expect(info.spins == 64 && info.precisionBits == 8 && info.queue.capacity == 64)

        let submitted = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 6, samples: 3))
        #expect(submitted.status == 202)
        let id = try #require(submitted.object["id"] as? String)
        #expect(["queued", "running", "done"].contains(submitted.object["status"] as? String))
        #expect(try await machine.waitUntil { $0.queued == 0 && $0.running == 0 })

        let state = try await machine.raw(.GET, "/v1/jobs/\(id)")
        #expect(state.object["status"] as? String == "done" && state.object["progress"] as? Double == 1)
        #expect(state.object.keys.contains("error"))
        let result = try JSONDecoder().decode(CIMJobResult.self, from: try await machine.raw(.GET, "/v1/jobs/\(id)/result").body)
        #expect(result.id == id && result.spins.count == 3 && result.energies.count == 3)
        // The chain's ground states are all-up and all-down, energy −5.
        #expect(result.spins.allSatisfy { Set($0).count == 1 } && result.energies.allSatisfy { $0 == -5 })
        #expect(result.timing.annealMilliseconds >= 0 && result.timing.queueMilliseconds >= 0)
        await machine.stop()
    }

    @Test("errors are JSON with the documented statuses: 400, 401, 404, 409, 413, 422")
    func errorStatuses() async throws {
        let machine = try await TestMachine.start(spins: 8, precisionBits: 4, steps: TestMachine.endless)
        #expect(try await machine.raw(.GET, "/v1/machine", token: "").status == 401)
        let wrong = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3), token: "not-the-token")
        #expect(wrong.status == 401 && wrong.errorCode == "unauthorized")

        #expect(try await machine.raw(.POST, "/v1/jobs", body: "{not json").errorCode == "bad_request")
        let badBodies = [
            #"{"ising": {"n": 2, "h": [0], "J": []}}"#,                       // h of the wrong length
            #"{"ising": {"n": 2, "h": [0, 0], "J": [[0, 0, 1]]}}"#,           // self coupling
            #"{"ising": {"n": 2, "h": [0, 0], "J": [[0, 5, 1]]}}"#,           // index out of range
            #"{"ising": {"n": 2, "h": [0, 0], "J": []}, "mode": "dream"}"#,   // unknown mode
            #"{"ising": {"n": 2, "h": [0, 0], "J": []}, "samples": 0}"#,
        ]
        for body in badBodies {
            let reply = try await machine.raw(.POST, "/v1/jobs", body: body)
            #expect(reply.status == 400 && reply.errorCode == "bad_request", "\(body)")
        }

        let tooBig = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 9))
        #expect(tooBig.status == 413 && tooBig.errorCode == "too_many_spins")
        let outOfRange = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3, coupling: 8))  // 4 bits: ±7
        #expect(outOfRange.status == 422 && outOfRange.errorCode == "coupling_out_of_range")
        let fractional = try await machine.raw(.POST, "/v1/jobs", body: #"{"ising": {"n": 2, "h": [0.5, 0], "J": []}}"#)
        #expect(fractional.status == 422)

        #expect(try await machine.raw(.GET, "/v1/jobs/no-such-job").status == 404)
        #expect(try await machine.raw(.GET, "/v1/nowhere").errorCode == "not_found")

        let running = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3))
        let id = try #require(running.object["id"] as? String)
        let early = try await machine.raw(.GET, "/v1/jobs/\(id)/result")
        #expect(early.status == 409 && early.errorCode == "conflict")
        #expect(try await machine.raw(.DELETE, "/v1/jobs/\(id)").status == 200)
        #expect(try await machine.waitUntil { $0.running == 0 })
        #expect(try await machine.raw(.GET, "/v1/jobs/\(id)").object["status"] as? String == "cancelled")
        await machine.stop()
    }

    @Test("results are kept within a byte budget: the oldest is forgotten first and then answers 410, saying why")
    func resultMemory() async throws {
        // 64 spins, 1000 samples: each result holds 1000 × (64 + 40) = 104,000 bytes; 1 MB keeps 10 of them.
        let profile = MachineProfile.simulator.with(spins: 64, maxSamples: 1000)
        var dynamics = CIMDynamics()
        dynamics.steps = 20
        let machine = try await TestMachine.start(machine: SimulatedMachine(profile: profile, dynamics: dynamics),
                                                  workers: 1, resultMemory: 1 << 20)
        var ids: [String] = []
        for _ in 0..<11 {
            let reply = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 64, samples: 1000))
            ids.append(try #require(reply.object["id"] as? String))
            #expect(try await machine.waitUntil { $0.queued == 0 && $0.running == 0 })
        }
        let gone = try await machine.raw(.GET, "/v1/jobs/\(ids[0])/result")
        #expect(gone.status == 410 && gone.errorCode == "forgotten")
        #expect((gone.object["error"] as? [String: Any])?["message"] as? String == "job \(ids[0]) finished and was forgotten: the machine keeps the newest 10000 jobs and at most 1 MB of results (qama-cim serve --retained-jobs, --result-memory); fetch results soon after they finish")
        #expect(try await machine.raw(.GET, "/v1/jobs/\(ids[0])").status == 410)
        for id in ids.dropFirst() { #expect(try await machine.raw(.GET, "/v1/jobs/\(id)/result").status == 200) }
        #expect(try await machine.raw(.GET, "/v1/jobs/never-was").status == 404)
        await machine.stop()
    }

    @Test("the request body is bounded by a byte budget, not only by what the machine's largest job could need")
    func bodyBudget() async throws {
        // The simulator's 2000 spins would allow a 64 MB body; the budget says 64 KB.
        let machine = try await TestMachine.start(machine: SimulatedMachine(), bodyBudget: 64 << 10)
        let small = chainJob(n: 6)
        #expect(try await machine.raw(.POST, "/v1/jobs", body: small).status == 202)
        let padded = String(small.dropLast()) + String(repeating: " ", count: 70_000) + "}"
        let refused = try await machine.raw(.POST, "/v1/jobs", body: padded)
        #expect(refused.status == 413 && refused.errorCode == "body_too_large")
        await machine.stop()
    }

    @Test("a full queue answers 429 with Retry-After; a draining machine answers 503 with Retry-After")
    func backPressure() async throws {
        let machine = try await TestMachine.start(workers: 1, queue: 1, steps: TestMachine.endless, retryAfter: 3)
        let first = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3))
        #expect(try await machine.waitUntil { $0.running == 1 })
        let second = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3))
        #expect(first.status == 202 && second.status == 202)
        let third = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3))
        #expect(third.status == 429 && third.errorCode == "queue_full" && third.headers.first(name: "Retry-After") == "3")

        // Cancelling the queued job frees its place at once.
        let queuedID = try #require(second.object["id"] as? String)
        #expect(try await machine.raw(.DELETE, "/v1/jobs/\(queuedID)").object["status"] as? String == "cancelled")
        #expect(try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3)).status == 202)
        await machine.stop()
    }

    @Test("shutdown cancels queued and running jobs, says so in their status and logs, and refuses new jobs")
    func shutdownDrains() async throws {
        let logs = LogCapture()
        let machine = try await TestMachine.start(workers: 1, steps: TestMachine.endless, retryAfter: 2, grace: 1.5, logs: logs)
        let running = try #require(try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3)).object["id"] as? String)
        #expect(try await machine.waitUntil { $0.running == 1 })
        let queued = try #require(try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3)).object["id"] as? String)
        let stopping = Task { await machine.stop() }
        // While the running job has its grace period, status queries work and new jobs are refused.
        var refusal: TestMachine.Reply?
        for _ in 0..<100 where refusal == nil {
            let reply = try await machine.raw(.POST, "/v1/jobs", body: chainJob(n: 3))
            if reply.status == 503 { refusal = reply } else { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(refusal?.errorCode == "shutting_down" && refusal?.headers.first(name: "Retry-After") == "2")
        #expect(try await machine.raw(.GET, "/v1/jobs/\(queued)").object["status"] as? String == "cancelled")
        await stopping.value
        let lines = logs.all
        #expect(lines.contains { $0.contains("shutdown: cancelled running job") && $0.contains(running) })
        #expect(lines.contains { $0.contains("shutdown: cancelled queued job") && $0.contains(queued) })
        #expect(lines.contains { $0.contains("all workers stopped") })
    }
}
