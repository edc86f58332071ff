import CIMMachine
import CIMWire
import IsingCore
import IsingSolvers
import Testing

/// A job body for n spins with the given fields and couplings.
private func request(n: Int, h: [Double]? = nil, J: [CIMCoupling] = [], samples: Int? = 4) -> CIMJobRequest {
    var r = CIMJobRequest(ising: .init(n: n, h: h ?? Array(repeating: 0, count: n), J: J), samples: samples ?? 1,
                          mode: .optimize, seed: 3)
    r.samples = samples
    return r
}

@Suite("Machine profiles: what each machine takes, declared once")
struct MachineProfileTests {
    @Test("the CPQC-550 profile: 550 spins, an 8-bit signed integer QUBO matrix")
    func cpqc550() throws {
        let p = try #require(MachineProfile.named("cpqc-550"))
        #expect(p == .cpqc550 && p.spins == 550 && p.maxSamples == 1000)
        #expect(p.precision.bits == 8 && p.precision.encoding == .qubo)
        #expect(p.precision.maxMagnitude == 127 && p.precision.minValue == -128)
        #expect(MachineProfile.named("simulator") == .simulator && MachineProfile.named("dwave") == nil)
        #expect(MachineProfile.names == "simulator, cpqc-550")
    }

    @Test("a job larger than the profile is refused with the sizes, before it runs")
    func tooManySpins() {
        let machine = SimulatedMachine(profile: .cpqc550)
        #expect(throws: JobRejection(.tooManySpins, "the problem has 551 spins; the cpqc-550 machine has 550")) {
            _ = try machine.accept(request(n: 551))
        }
        #expect(throws: JobRejection(.badRequest, "samples must be 1…1000 on the cpqc-550 machine, got 1001")) {
            _ = try machine.accept(request(n: 3, samples: 1001))
        }
        #expect(throws: Never.self) { _ = try machine.accept(request(n: 550)) }
    }

    @Test("the CPQC-550 checks the QUBO matrix an Ising job stands for: Q_ij = 4 J_ij, Q_ii = 2 h_i − 2 Σ_j J_ij")
    func quboRange() throws {
        let machine = SimulatedMachine(profile: .cpqc550)
        // J₀₁ = 31.75 is Q₀₁ = 127 (fits); h₀ = 0, so Q₀₀ = −63.5 is not an integer.
        #expect(throws: JobRejection(.outOfPrecision, "Q[0, 0] = -63.5 is not one of the integers within -128…127 (8-bit signed QUBO)")) {
            _ = try machine.accept(request(n: 2, J: [CIMCoupling(i: 0, j: 1, value: 31.75)]))
        }
        // h = (31.75, 31.75): Q₀₀ = Q₁₁ = 0, Q₀₁ = 127.
        let fits = try machine.accept(request(n: 2, h: [31.75, 31.75], J: [CIMCoupling(i: 0, j: 1, value: 31.75)]))
        #expect(fits.problem.h == [31.75, 31.75] && fits.samples == 4 && fits.seed == 3)
        // J₀₁ = −32 is Q₀₁ = −128: the most negative 8-bit value fits, +128 would not.
        #expect(throws: Never.self) { _ = try machine.accept(request(n: 2, h: [-32, -32], J: [CIMCoupling(i: 0, j: 1, value: -32)])) }
        #expect(throws: JobRejection(.outOfPrecision, "Q[0, 1] = 128.0 is not one of the integers within -128…127 (8-bit signed QUBO)")) {
            _ = try machine.accept(request(n: 2, h: [32, 32], J: [CIMCoupling(i: 0, j: 1, value: 32)]))
        }
    }

    @Test("the simulator profile checks Ising coefficients: integers within ±127")
    func isingRange() {
        let machine = SimulatedMachine()
        #expect(throws: JobRejection(.outOfPrecision, "h[1] = 128.0 is not one of the integers within ±127 (8-bit Ising)")) {
            _ = try machine.accept(request(n: 2, h: [0, 128]))
        }
        #expect(throws: JobRejection(.outOfPrecision, "J[0, 1] = nan is not a number the machine can hold")) {
            _ = try machine.accept(request(n: 2, J: [CIMCoupling(i: 0, j: 1, value: .nan)]))
        }
        #expect(throws: JobRejection(.badRequest, "J[0] = [1, 1, …] needs distinct indices in 0..<2")) {
            _ = try machine.accept(request(n: 2, J: [CIMCoupling(i: 1, j: 1, value: 1)]))
        }
    }

    @Test("changing a profile's limits renames it custom; the body cap follows the spins")
    func customAndBodyCap() throws {
        #expect(MachineProfile.cpqc550.with(spins: 550) == .cpqc550)
        let small = MachineProfile.cpqc550.with(spins: 8)
        #expect(small.name == "custom" && small.spins == 8 && small.precision == .eightBitQUBO)
        // 4096 + 24·n + 32·n(n−1)/2
        #expect(small.maxRequestBytes == 4096 + 24 * 8 + 32 * 28)
        #expect(MachineProfile.cpqc550.maxRequestBytes == 4096 + 24 * 550 + 32 * 150_975)
        #expect(MachineProfile.simulator.maxRequestBytes == 4096 + 24 * 2000 + 32 * 1_999_000)
    }

    @Test("the machine's info names its profile, encoding and limits")
    func info() {
        let info = SimulatedMachine(profile: .cpqc550).info(queue: .init(capacity: 3, queued: 1, running: 0, workers: 2))
        #expect(info.spins == 550 && info.precisionBits == 8 && info.encoding == "qubo" && info.profile == "cpqc-550")
        #expect(info.maxSamples == 1000 && info.queue.capacity == 3)
    }

    @Test("the same accepted job and seed give the same samples on any thread count")
    func runIsDeterministic() throws {
        let machine = SimulatedMachine(profile: .cpqc550, dynamics: CIMDynamics(steps: 200))
        let J = (0..<9).map { CIMCoupling(i: $0, j: $0 + 1, value: $0 % 2 == 0 ? -1 : 1) }
        let job = try machine.accept(request(n: 10, h: Array(repeating: 1, count: 10), J: J, samples: 5))
        let a = try machine.run(job, threads: 1, control: .none)
        let b = try machine.run(job, threads: 4, control: .none)
        #expect(a.samples == b.samples && a.energies == b.energies && a.reads == 5)
    }
}
