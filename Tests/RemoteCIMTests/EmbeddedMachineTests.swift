import CIMMachine
import CIMTestSupport
import Foundation
import IsingCore
import IsingSolvers
import RemoteCIM
import Testing

/// A frustrated spin glass with non-integer fields and couplings (so it is quantised), n spins.
private func glass(n: Int, seed: UInt64) -> IsingProblem {
    var random = SeededRandom(seed: seed)
    var edges: [(Int, Int, Double)] = []
    for i in 0..<n { for j in (i + 1)..<n where random.nextUnit() < 0.4 { edges.append((i, j, random.nextUnit() - 0.5)) } }
    return IsingProblem(n: n, h: (0..<n).map { _ in 0.3 * (random.nextUnit() - 0.5) }, edges: edges, offset: 2)
}

@Suite("The embedded machine: the served machine's twin in this process")
struct EmbeddedMachineTests {
    @Test("embedded and served machines give identical samples and energies for a seed", arguments: [MachineProfile.simulator, .cpqc550])
    func identicalToServed(profile: MachineProfile) async throws {
        let machine = try await TestMachine.start(machine: SimulatedMachine(profile: profile))
        let problem = glass(n: 40, seed: 9)
        let served = CIMClient(machine: .remote(url: machine.url), profile: profile, token: machine.token, samples: 6, seed: 21)
        let embedded = CIMClient(machine: .embedded, profile: profile, samples: 6, seed: 21)
        let a = try await onThread { try served.solve(problem, control: .none) }.get()
        let b = try await onThread { try embedded.solve(problem, control: .none) }.get()
        #expect(a.samples == b.samples && a.energies == b.energies && a.reads == 6)
        #expect(a.settings == b.settings)
        #expect(a.settings[name: "precision"] == .text(profile.precision.shortName))
        await machine.stop()
    }

    @Test("without a profile the embedded machine is the simulator, the one qama-cim serve runs by default")
    func defaultProfile() {
        let client = CIMClient(machine: .embedded)
        #expect(client.embeddedProfile == .simulator && client.url == nil && !client.hasToken)
        #expect(client.description == "cim(machine: embedded simulator, samples: 100, timeout: 60.0s, precision: machine, token: none)")
    }

    @Test("a model larger than the profile is refused before anything is sent, with both sizes")
    func tooLargeBeforeSending() async throws {
        // Nobody listens at this URL: the refusal must come before any connection is tried.
        let remote = CIMClient(machine: .remote(url: "http://127.0.0.1:9"), profile: .cpqc550, samples: 4)
        let error = try #require(await onThread { try remote.solve(glass(n: 551, seed: 1), control: .none) }.failure as? RemoteCIMError)
        #expect(error == RemoteCIMError(.tooManySpins, "cim: the problem has 551 spins; the cpqc-550 machine has 550"))
        let embedded = CIMClient(machine: .embedded, profile: .cpqc550, samples: 1001)
        let samples = try #require(await onThread { try embedded.solve(glass(n: 4, seed: 1), control: .none) }.failure as? RemoteCIMError)
        #expect(samples == RemoteCIMError(.invalidConfiguration, "cim: samples must be 1…1000 on the cpqc-550 machine, got 1001"))
    }

    @Test("a served machine of another profile is refused by name")
    func profileMismatch() async throws {
        let machine = try await TestMachine.start(machine: SimulatedMachine(profile: .simulator))
        let client = CIMClient(machine: .remote(url: machine.url), profile: .cpqc550, token: machine.token, samples: 2)
        let error = try #require(await onThread { try client.solve(glass(n: 5, seed: 1), control: .none) }.failure as? RemoteCIMError)
        #expect(error.message == "cim: the machine at \(machine.url) is the simulator profile, not cpqc-550")
        await machine.stop()
    }

    @Test("the report hook sees the problem and the precision before the job, and can stop it")
    func beforeJob() async throws {
        struct Stop: Error {}
        let client = CIMClient(machine: .embedded, profile: .cpqc550, samples: 2, beforeJob: { problem, precision, _ in
            #expect(problem.n == 5 && precision == .eightBitQUBO)
            throw Stop()
        })
        #expect(await onThread { try client.solve(glass(n: 5, seed: 1), control: .none) }.failure is Stop)
    }

    @Test("the embedded machine honours the timeout and cancellation")
    func timeoutAndCancel() async throws {
        let slow = CIMClient(machine: .embedded, samples: 1000, timeout: 0.2)
        // 1000 samples of 1000 steps on 200 spins: minutes of work, cut at 0.2 s.
        let problem = glass(n: 200, seed: 2)
        let error = try #require(await onThread { try slow.solve(problem, control: .none) }.failure as? RemoteCIMError)
        #expect(error.kind == .timeout && error.message == "cim: timed out on the embedded simulator machine")
        let control = SolveControl()
        control.cancel()
        #expect(await onThread { try CIMClient(machine: .embedded, samples: 2).solve(problem, control: control) }.failure is SolveCancelled)
    }
}
