import CIMTestSupport
import Foundation
import IsingCore
import RemoteCIM
import Testing

@Suite("Many clients at once")
struct ConcurrencyTests {
    @Test("100 concurrent jobs from 4 clients: none lost, none mixed up")
    func hundredJobs() async throws {
        // A queue smaller than the burst: submissions refused with 429 are retried after Retry-After.
        let machine = try await TestMachine.start(workers: 2, queue: 40, steps: 150)
        let clients = (0..<4).map { k in
            CIMClient(url: machine.url, token: machine.token, samples: 2 + k, timeout: 60, seed: UInt64(k))
        }
        // Each job plants its own pattern on its own number of spins: a mixed-up result cannot pass.
        let jobs = (0..<100).map { PlantedProblem(n: 4 + $0 % 23, seed: UInt64(1000 + $0)) }
        let outcomes = await withTaskGroup(of: (Int, Result<SampleSet, any Error>).self) { group in
            for (index, job) in jobs.enumerated() {
                let client = clients[index % clients.count], problem = job.problem
                group.addTask { (index, await onThread { try client.solve(problem, control: .none) }) }
            }
            var all = [Int: Result<SampleSet, any Error>]()
            for await (index, outcome) in group { all[index] = outcome }
            return all
        }
        #expect(outcomes.count == 100)
        for (index, job) in jobs.enumerated() {
            let result = try #require(try outcomes[index]?.get())
            #expect(result.n == job.problem.n && result.reads == 2 + index % clients.count)
            #expect(Array(result.sample(result.bestIndex)) == job.pattern, "job \(index)")
            #expect(result.energies.min() == job.groundEnergy)
        }
        await machine.stop()
    }
}
