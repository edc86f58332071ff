import IsingCore
import Testing

@Suite("NDArray")
struct NDArrayTests {
    @Test("row-major layout: strides, rank, reshaping and element-wise map")
    func layout() {
        let a = NDArray(shape: [2, 3, 4], storage: (0..<24).map(Double.init))
        #expect(a.rank == 3)
        #expect(a.count == 24)
        #expect(a.strides == [12, 4, 1])
        #expect(a.storage[1 * 12 + 2 * 4 + 3] == 23)  // [1, 2, 3] is the last element
        let b = a.reshaped([6, 4])
        #expect(b.shape == [6, 4] && b.strides == [4, 1] && b.storage == a.storage)
        #expect(NDArray([1, -2]).map { $0 * 3 } == NDArray(shape: [2], storage: [3, -6]))
        #expect(NDArray(shape: [], repeating: 7) == NDArray(shape: [], storage: [7]))
        #expect(NDArray(shape: [0, 5], storage: []).count == 0)
    }

    @Test("equality compares shape and elements")
    func equality() {
        #expect(NDArray(shape: [2, 3], repeating: 1) != NDArray(shape: [3, 2], repeating: 1))
        #expect(NDArray(shape: [2], storage: [1, 2]) != NDArray(shape: [2], storage: [1, 3]))
    }

    @Test("shapes in messages")
    func describe() {
        #expect(NDArray.describe(shape: [2, 3, 4]) == "[2, 3, 4]")
        #expect(NDArray.describe(shape: []) == "[]")
    }
}
