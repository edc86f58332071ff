import Testing
import Foundation
import JupyterKernel
import QAMALang

@Suite("Tensors")
struct TensorTests {
    @Test("constructors, shape and indexing")
    func constructors() {
        let s = LangSession()
        #expect(s.text("zeros(2, 3).shape") == "[2, 3]")
        #expect(s.text("ones([2, 2])") == "Tensor 2×2\n[[1, 1],\n [1, 1]]")
        #expect(s.text("eye(3)[1, :]") == "[0, 1, 0]")
        s.run("let t = tensor([[1, 2, 3], [4, 5, 6]])")
        #expect(s.text("t[1, 2]") == "6")
        #expect(s.text("t[:, 0..<2]") == "Tensor 2×2\n[[1, 2],\n [4, 5]]")
        #expect(s.text("t[0]") == "[1, 2, 3]")
        #expect(s.text("randn(4, 16, 32).shape") == "[4, 16, 32]")
    }

    @Test("element-wise arithmetic with scalar broadcasting; ShapeError names both shapes")
    func arithmetic() {
        let s = LangSession()
        s.run("let a = tensor([1, 2, 3])")
        #expect(s.text("a * 2 + 1") == "[3, 5, 7]")
        #expect(s.text("a + a") == "[2, 4, 6]")
        #expect(s.text("1 - a") == "[0, -1, -2]")
        #expect(s.text("a^2") == "[1, 4, 9]")
        let e = s.error("a + zeros(2, 2)")
        #expect(e?.name == "ShapeError")
        #expect(e?.value.contains("[3]") == true && e?.value.contains("[2, 2]") == true)
    }

    @Test("matmul, transpose, softmax, reductions and element-wise functions")
    func algebra() {
        let s = LangSession()
        s.run("let m = tensor([[1, 2], [3, 4]])")
        #expect(s.text("matmul(m, eye(2))") == "Tensor 2×2\n[[1, 2],\n [3, 4]]")
        #expect(s.text("matmul(m, tensor([1, 1]))") == "[3, 7]")
        #expect(s.text("transpose(m)") == "Tensor 2×2\n[[1, 3],\n [2, 4]]")
        #expect(s.text("sum(m)") == "10")
        #expect(s.text("sum(m, axis: 0)") == "[4, 6]")
        #expect(s.text("mean(m, axis: 1)") == "[1.5, 3.5]")
        #expect(s.text("max(m)") == "4")
        #expect(s.text("min(m, axis: 0)") == "[1, 2]")
        #expect(s.text("abs(-m)[0, 1]") == "2")
        #expect(s.text("sqrt(16)") == "4")
        #expect(s.text("exp(0)") == "1")
        #expect(s.text("log(1)") == "0")
        #expect(s.text("sum(softmax(tensor([1000, 1000, 1000])))") == "1")
        #expect(s.text("sum(softmax(m, axis: 0), axis: 0)") == "[1, 1]")
        #expect(s.error("matmul(m, zeros(3, 2))")?.name == "ShapeError")
    }

    @Test("seed(n) makes every draw reproducible")
    func seeding() {
        let a = LangSession(), b = LangSession()
        let x = a.text("seed(7)\nrandn(3, 3)"), y = b.text("seed(7)\nrandn(3, 3)")
        #expect(x == y)
        #expect(a.text("seed(8)\nrandn(3, 3)") != x)
        #expect(a.text("seed(7)\nrand(2)") == b.text("seed(7)\nrand(2)"))
    }

    @Test("save and load .csv and .npy round trips")
    func files() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qama-lang-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = LangSession()
        s.run("let t = tensor([[1.5, 2], [3, -4]])")
        #expect(s.run("save(t, \"\(dir)/t.csv\")").outcome.error == nil)
        #expect(s.text("load(\"\(dir)/t.csv\") == t") == "Tensor 2×2\n[[1, 1],\n [1, 1]]")
        #expect(s.run("save(t, \"\(dir)/t.npy\")").outcome.error == nil)
        #expect(s.text("load(\"\(dir)/t.npy\")") == s.text("t"))
        #expect(s.error("load(\"\(dir)/t.txt\")")?.name == "ValueError")
    }
}
