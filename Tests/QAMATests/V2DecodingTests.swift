import IsingCore
import QAMA
import Testing

/// Decoding v2: weights and mask are the selected bits, the output is the paper's operator.
@Suite struct V2DecodingTests {
    @Test(arguments: [nil, [0.5, -1, 2, 0.25]] as [[Double]?])
    func outputIsPerTokenEnergyTimesE2V(e2v: [Double]?) throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 4, features: 4, seed: 31)
        let built = try QAMAV2Hamiltonian(query: q, key: k, value: v, options: QAMAV2Options(beta: .param("β"), e2v: e2v))
        let reference = ReferenceQAMAV2(q: q.storage, k: k.storage, v: v.storage, heads: 2, tokens: 4, features: 4, e2v: e2v,
                                        alpha: 1, beta: 0.16, gamma: 0.8)
        for x in ReferenceQAMA.states(8) {
            let out = try built.output(x, value: v)
            let expected = reference.output(x)
            #expect(out.count == 2 * 4 * 4)
            for i in out.indices { #expect(abs(out[i] - expected[i]) < 1e-12) }
            // Unselected tokens give exactly zero.
            for row in 0..<8 where x[row] == 0 { #expect(out[(row * 4)..<(row * 4 + 4)].allSatisfy { $0 == 0 }) }
        }
    }

    @Test func outputOfTheBestSampleOfAMixedSampleSet() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 32)
        let hamiltonian = try QAMAHamiltonian(query: q, key: k, value: v, options: QAMAV2Options())
        // Spins (as solvers return them) decode with s = +1 ↔ x = 1.
        let spins: [Int8] = [1, -1, 1, -1, 1, 1]
        let bits: [Int8] = [1, 0, 1, 0, 1, 1]
        #expect(try hamiltonian.layout.weights(spins) == [1, 0, 1, 0, 1, 1])
        #expect(try hamiltonian.layout.mask(spins) == [true, false, true, false, true, true])
        #expect(try hamiltonian.output(spins, value: v, params: [:]) == hamiltonian.output(bits, value: v, params: [:]))
        #expect(hamiltonian.formulation == "v2")
        #expect(hamiltonian.kind == "QAMA attention (v2): 2 heads × 3 tokens")
    }

    @Test func outputNeedsAVOfTheModelsShape() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 33)
        let built = try QAMAV2Hamiltonian(query: q, key: k, value: v)
        let wrong = NDArray(shape: [2, 3, 5], storage: [Double](repeating: 1, count: 2 * 3 * 5))
        #expect(throws: QAMAError.self) { try built.output([Int8](repeating: 1, count: 6), value: wrong) }
        #expect(throws: QAMAError.self) { try built.output([Int8](repeating: 1, count: 5), value: v) }
    }

    @Test func e2vMustHaveLengthDAndBeFinite() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 34)
        #expect(throws: QAMAError(.shape, "e2v has 3 values but V has d = 4 features; e2v must have length d")) {
            try QAMAV2Hamiltonian(query: q, key: k, value: v, options: QAMAV2Options(e2v: [1, 1, 1]))
        }
        #expect(throws: QAMAError(.nonFinite, "e2v holds nan at [2]; the QAMA operator needs finite inputs")) {
            try QAMAV2Hamiltonian(query: q, key: k, value: v, options: QAMAV2Options(e2v: [1, 1, .nan, 1]))
        }
    }

    /// 8 heads × 100,000 tokens: the [H, N, N] couplings alone are 640 GB; the build must refuse before allocating.
    @Test func aHugeModelFailsWithTheMemoryEstimate() throws {
        let shape = [8, 100_000, 1]
        let t = NDArray(shape: shape, storage: [Double](repeating: 0.5, count: 800_000))
        do {
            _ = try QAMAV2Hamiltonian(query: t, key: t, value: t)
            Issue.record("built a model that cannot fit")
        } catch {
            #expect("\(error)".hasPrefix("this QAMA model (800000 variables) needs about "), "\(error)")
        }
        let estimate = QAMAV2Hamiltonian.memoryEstimate(QAMALayout(heads: 8, tokens: 100_000, bits: 1, features: 1), params: 0)
        #expect(estimate.bytes > 640e9)
    }
}
