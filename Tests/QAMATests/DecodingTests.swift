import Foundation
import IsingCore
import QAMA
import Testing

/// weights / mask / output read a sample the way DESIGN.md says.
@Suite struct DecodingTests {
    let layout = QAMALayout(heads: 2, tokens: 3, bits: 2, features: 4)

    @Test func weightsReadBitsLowFirstFromSpinsOrBinaries() throws {
        let binary: [Int8] = [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1]
        let spins = binary.map { $0 == 1 ? Int8(1) : -1 }
        let expected = [1.0 / 3, 2.0 / 3, 1, 0, 1, 2.0 / 3]
        #expect(try layout.weights(binary) == expected)
        #expect(try layout.weights(spins) == expected)
        #expect(try layout.mask(spins) == [true, true, true, false, true, true])
    }

    @Test func sampleSetsDecodeTheirBestRead() throws {
        let reads: [Int8] = [Int8](repeating: 1, count: 12) + [Int8](repeating: -1, count: 12)
        let set = SampleSet(n: 12, samples: reads, energies: [3, -1], solver: "test")
        #expect(try layout.weights(set) == [Double](repeating: 0, count: 6))
        #expect(try layout.mask(set) == [Bool](repeating: false, count: 6))
    }

    @Test func tokenEnergiesAddUpToTheEnergyWithoutPenalty() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 31)
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v,
                                        options: QAMAV1Options(bits: 2, alpha: .param("α"), gamma: .param("γ")))
        let params = ["α": 0.7, "γ": 0.0]
        for x in ReferenceQAMA.states(12) where x.reduce(0, +) % 5 == 0 {
            let total = try built.tokenEnergies(x, params: params).reduce(0, +)
            let energy = try built.model.energy(of: x, params: params)
            #expect(abs(total - energy) < 1e-9)
        }
        #expect(throws: QAMAError.self) { try built.tokenEnergies([Int8](repeating: 0, count: 12)) }
    }

    @Test func outputSpreadsEachTokenEnergyByEntropyShare() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 32)
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v, options: QAMAV1Options(bits: 2))
        let x: [Int8] = [1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0]
        let out = try built.output(x, value: v)
        let e = try built.tokenEnergies(x)
        #expect(out.count == 2 * 3 * 4)
        for token in 0..<6 {
            let row = (0..<4).map { v.storage[token * 4 + $0] }
            let s = row.reduce(0, +) + 1e-6
            let p = row.map { min(max($0 / s, 1e-6), 1) }
            let hRaw = -p.map { $0 * log2($0) }.reduce(0, +)
            for f in 0..<4 {
                #expect(abs(out[token * 4 + f] - e[token] * (-p[f] * log2(p[f])) / hRaw) < 1e-12)
            }
            #expect(abs(out[(token * 4)..<(token * 4 + 4)].reduce(0, +) - e[token]) < 1e-12)
        }
        // A token with no selected weight contributes nothing.
        #expect(out[(3 * 4)..<(4 * 4)].allSatisfy { $0 == 0 })  // head 1, token 0: bits 00
    }

    @Test func outputChecksItsValueShape() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 33)
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v, options: QAMAV1Options(bits: 2))
        let wrong = NDArray(shape: [2, 4], storage: [Double](repeating: 1, count: 8))
        #expect(throws: QAMAError.self) { try built.output([Int8](repeating: 1, count: 12), value: wrong) }
    }
}
