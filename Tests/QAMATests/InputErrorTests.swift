import QAMA
import Testing
import IsingCore

/// Bad inputs fail with a clear `QAMAError` naming the tensor and its shape.
@Suite struct InputErrorTests {
    let shape = [2, 3, 4]
    func tensor(_ shape: [Int], fill: Double = 0.5) -> NDArray {
        NDArray(shape: shape, storage: [Double](repeating: fill, count: shape.reduce(1, *)))
    }

    func error(_ body: () throws -> Void) -> QAMAError? {
        do { try body(); return nil } catch let e as QAMAError { return e } catch { return nil }
    }

    @Test func nanIsNamedWithItsPosition() {
        var q = tensor(shape)
        q.storage[5] = .nan
        let e = error { _ = try QAMAV1Hamiltonian(query: q, key: tensor(shape), value: tensor(shape)) }
        #expect(e?.kind == .nonFinite)
        #expect(e?.message.contains("Q holds nan at [0, 1, 1]") == true, "\(String(describing: e))")
    }

    @Test func infinityInVIsRejected() {
        var v = tensor(shape)
        v.storage[23] = -.infinity
        let e = error { _ = try QAMAV1Hamiltonian(query: tensor(shape), key: tensor(shape), value: v) }
        #expect(e?.kind == .nonFinite)
        #expect(e?.message.hasPrefix("V holds -inf at [1, 2, 3]") == true, "\(String(describing: e))")
    }

    @Test func queryAndKeyShapesMustAgree() {
        let e = error { _ = try QAMAV1Hamiltonian(query: tensor(shape), key: tensor([2, 3, 5]), value: tensor(shape)) }
        #expect(e?.kind == .shape)
        #expect(e?.message == "Q has shape [2, 3, 4] but K has shape [2, 3, 5]; Q and K must have the same shape [H, N, d]")
    }

    @Test func valueNeedsTheSameHeadsAndTokens() {
        let e = error { _ = try QAMAV1Hamiltonian(query: tensor(shape), key: tensor(shape), value: tensor([2, 4, 4])) }
        #expect(e?.kind == .shape)
        #expect(e?.message.contains("V has shape [2, 4, 4] but Q and K have shape [2, 3, 4]") == true)
        // A different feature count in V is fine (d_v ≠ d_k).
        #expect(error { _ = try QAMAV1Hamiltonian(query: tensor(shape), key: tensor(shape), value: tensor([2, 3, 7])) } == nil)
    }

    @Test func rankAndEmptyAxesAreChecked() {
        let rank4 = error { _ = try QAMAV1Hamiltonian(query: tensor([1, 2, 3, 4]), key: tensor(shape), value: tensor(shape)) }
        #expect(rank4?.kind == .shape)
        #expect(rank4?.message == "Q must have shape [H, N, d] or [N, d], but has shape [1, 2, 3, 4]")
        let empty = error { _ = try QAMAV1Hamiltonian(query: tensor([0, 4]), key: tensor([0, 4]), value: tensor([0, 4])) }
        #expect(empty?.kind == .shape)
    }

    @Test(arguments: [0, 9, -1])
    func bitsOutsideOneToEightAreRejected(bits: Int) {
        let e = error { _ = try QAMAV1Hamiltonian(query: tensor(shape), key: tensor(shape), value: tensor(shape),
                                                options: QAMAV1Options(bits: bits)) }
        #expect(e?.kind == .option)
        #expect(e?.message == "bits must be between 1 and 8, not \(bits)")
    }

    @Test func baselinesCheckShapesToo() {
        let e = error { _ = try SoftmaxAttention.attention(query: tensor(shape), key: tensor([3, 3, 4])) }
        #expect(e?.kind == .shape)
    }

    @Test func aSampleOfTheWrongLengthIsRejected() {
        let layout = QAMALayout(heads: 2, tokens: 3, bits: 2, features: 4)
        let e = error { _ = try layout.weights([Int8](repeating: 1, count: 11)) }
        #expect(e?.message == "the sample has 11 values but the QAMA model has 12 variables (H = 2, N = 3, q = 2)")
    }
}
