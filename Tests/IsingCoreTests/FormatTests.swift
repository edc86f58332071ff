import Foundation
import IsingCore
import Testing

@Suite struct FormatTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("isingcore-\(UUID().uuidString)-\(name)").path
    }

    func randomModel(_ vartype: Vartype, seed: UInt64, params: [String] = []) throws -> CompiledModel {
        var gen = RandomModels(seed: seed)
        let r = VariableRegistry()
        let ids = Array(r.declare(name: "v", shape: [5], vartype: vartype).ids)
        return try gen.expression(r, ids: ids, params: params).compile()
    }

    func expectSameEnergies(_ a: CompiledModel, _ b: CompiledModel, params: [String: Double] = [:]) throws {
        #expect(a.variableCount == b.variableCount)
        for x in allSamples(a) {
            let y = a.vartype == b.vartype ? x : x.map { b.vartype == .binary ? ($0 + 1) / 2 : 2 * $0 - 1 }
            #expect(try a.energy(of: x, params: params) == b.energy(of: y, params: params))
        }
    }

    @Test(arguments: [Vartype.binary, .spin])
    func quboFileRoundTrips(vartype: Vartype) throws {
        let m = try randomModel(vartype, seed: 1)
        let path = temporaryPath("m.qubo")
        try QBSolvFormat.write(m, params: [:], path: path)
        try expectSameEnergies(m, try QBSolvFormat.read(path: path))
    }

    @Test(arguments: [Vartype.binary, .spin])
    func matrixMarketRoundTrips(vartype: Vartype) throws {
        let m = try randomModel(vartype, seed: 2)
        let path = temporaryPath("m.mtx")
        try MatrixMarketFormat.write(m, params: [:], path: path)
        try expectSameEnergies(m, try MatrixMarketFormat.read(path: path))
    }

    @Test func matrixMarketSymmetricMeansBothTriangles() throws {
        let text = "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 3\n2 1 0.5\n"
        let m = try MatrixMarketFormat.parse(text)
        #expect(try m.energy(of: [1, 1], params: [:]) == 4)  // 3x₀ + 2·0.5·x₀x₁
    }

    @Test func jsonRoundTripsBlocksConstraintsAndParams() throws {
        let r = VariableRegistry()
        let xs = r.declare(name: "x", shape: [4], vartype: .binary).ids.map(r.expression)
        let h = try Expression.dot([1.5, -2, 0.1, 3], xs)
            + (try Constraints.atmost(xs, 2, name: "cap").scaled(by: ParamLinear(param: "λ")))
        let m = try h.compile()
        let path = temporaryPath("m.json")
        try ModelJSON.write(m, params: ["λ": 2.5], path: path)
        let (back, params) = try ModelJSON.read(path: path)
        #expect(params == ["λ": 2.5])
        #expect(back.names == m.names && back.variableIDs == m.variableIDs && back.params == m.params)
        #expect(back.constraints == m.constraints)
        for (a, b) in zip(m.blocks, back.blocks) {
            #expect(a.offset == b.offset && a.linear == b.linear && a.quadratic == b.quadratic)
        }
        try expectSameEnergies(m, back, params: ["λ": 2.5])
    }

    @Test func npyRoundTripsAndKeepsShape() throws {
        let a = NDArray(shape: [2, 3], storage: [1, -2.5, 3e-7, 4, 5, .pi])
        let path = temporaryPath("a.npy")
        try NPY.write(a, path: path)
        #expect(try NPY.read(path: path) == a)
        #expect(try NPY.decode(NPY.encode(a)) == a)
    }

    /// Hand-made headers: other dtypes, byte orders, versions and Fortran order.
    func npy(_ header: String, _ payload: [UInt8], version: UInt8 = 1) -> [UInt8] {
        var h = Array(header.utf8) + [0x0A]
        let prefix = version == 1 ? 10 : 12
        while (prefix + h.count) % 64 != 0 { h.insert(0x20, at: h.count - 1) }
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
        out += version == 1 ? [UInt8(h.count & 0xFF), UInt8(h.count >> 8)]
            : [UInt8(h.count & 0xFF), UInt8(h.count >> 8), 0, 0]
        return out + h + payload
    }

    @Test func npyReadsOtherDtypesOrdersAndVersions() throws {
        let i16be = npy("{'descr': '>i2', 'fortran_order': False, 'shape': (3,), }", [0xFF, 0xFE, 0x00, 0x07, 0x01, 0x00])
        #expect(try NPY.decode(i16be).storage == [-2, 7, 256])
        let f4 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", [0x00, 0x00, 0xC0, 0x3F], version: 2)
        #expect(try NPY.decode(f4).storage == [1.5])
        let b = npy("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", [1, 0], version: 3)
        #expect(try NPY.decode(b).storage == [1, 0])
        let u8 = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (), }", [200])
        #expect(try NPY.decode(u8) == NDArray(shape: [], storage: [200]))
        // Fortran order [[1, 2, 3], [4, 5, 6]] is stored column by column: 1 4 2 5 3 6.
        let fortran = npy("{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }",
                          [1, 4, 2, 5, 3, 6].flatMap { (v: Int64) in withUnsafeBytes(of: v.littleEndian) { Array($0) } })
        #expect(try NPY.decode(fortran) == NDArray(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6]))
        #expect(throws: FormatError.self) { try NPY.decode([1, 2, 3]) }
    }

    @Test("a .npy header is read as a dict: any key order, either quote, spaces; exactly numpy's three keys")
    func npyHeaderIsADict() throws {
        let one = [0x00, 0x00, 0xC0, 0x3F] as [UInt8]  // 1.5 as float32
        let reordered = npy("{ \"shape\" : (1 ,) ,'fortran_order':False,  'descr':'<f4'}", one)
        #expect(try NPY.decode(reordered) == NDArray(shape: [1], storage: [1.5]))
        let cases: [(String, String)] = [
            // A key whose value mentions '<f8' is not the dtype: the dict says '<f4', and there is a fourth key.
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'note': '<f8'}",
             "npy: the header has the keys 'descr', 'fortran_order', 'shape', 'note'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'"),
            ("{'descr': '<f4', 'fortran_order': False}",
             "npy: the header has the keys 'descr', 'fortran_order'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'"),
            ("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "npy: bad header at character 35: unexpected '0'"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}",
             "npy: bad header at character 52: a shape entry must be a size ≥ 0, got '-1'"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}",
             "npy: bad header at character 52: the size 99999999999999999999 is too large"),
            ("{'descr': '<f4', 'descr': '<f8', 'shape': (1,)}", "npy: bad header at character 18: the key 'descr' appears twice"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", "npy: bad header at character 57: text after the header's closing brace"),
            ("{'descr': 8, 'fortran_order': False, 'shape': (1,)}", "npy: bad header at character 11: unexpected '8'"),
            ("{'descr': (1,), 'fortran_order': False, 'shape': (1,)}", "npy: 'descr' must be a dtype string such as '<f8'"),
        ]
        for (header, message) in cases {
            #expect { try NPY.decode(npy(header, one)) } throws: { "\($0)" == message }
        }
        // A shape whose product is 0 holds no values, whatever its other sizes: no allocation, no loop.
        let huge = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 0), }", [])
        #expect(try NPY.decode(huge) == NDArray(shape: [4_611_686_018_427_387_904, 0], storage: []))
    }

    @Test("files: what is not a regular file is refused before it is opened; errors name the file and the reason")
    func fileBytesRefuseWhatIsNotARegularFile() throws {
        let dir = temporaryPath("files")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fifo = dir + "/pipe.npy"
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO with no writer (or reader) would block for ever: these return at once.
        #expect { try FileBytes.read(fifo) } throws: {
            "\($0)" == "cannot read \(fifo): it is a FIFO (named pipe); only regular files are read and written"
        }
        #expect { try FileBytes.write([1, 2], to: fifo) } throws: {
            "\($0)" == "cannot write \(fifo): it is a FIFO (named pipe); only regular files are read and written"
        }
        #expect { try FileBytes.read("/dev/zero") } throws: {
            "\($0)" == "cannot read /dev/zero: it is a character device; only regular files are read and written"
        }
        #expect { try FileBytes.read(dir) } throws: {
            "\($0)" == "cannot read \(dir): it is a folder; only regular files are read and written"
        }
        #expect { try FileBytes.read(dir + "/missing.npy") } throws: {
            "\($0)" == "cannot read \(dir)/missing.npy: no such file or directory"
        }
        #expect { try FileBytes.write([1], to: dir + "/no/such/folder.npy") } throws: {
            "\($0)" == "cannot write \(dir)/no/such/folder.npy: no such file or directory"
        }
        #expect { try NPY.read(path: fifo) } throws: {
            "\($0)" == "cannot read \(fifo): it is a FIFO (named pipe); only regular files are read and written"
        }
        // A write replaces the file whole, through a temporary file that does not stay behind.
        let file = dir + "/a.bin"
        try FileBytes.write([1, 2, 3], to: file)
        try FileBytes.write([4, 5], to: file)
        #expect(try FileBytes.read(file) == [4, 5])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.bin", "pipe.npy"])
    }

    @Test func rudyParsesAndRejectsBadFiles() throws {
        let g = try Graph.parseRudy("3 2\n1 2 1\n2 3 -1\n")
        #expect(g.n == 3 && g.edges == [.init(i: 0, j: 1, weight: 1), .init(i: 1, j: 2, weight: -1)])
        #expect(try Graph.parseRudy(g.rudy) == Graph(n: 3, edges: g.edges, name: "graph"))
        #expect(throws: FormatError.self) { try Graph.parseRudy("3 2\n1 2 1\n") }
        #expect(throws: FormatError.self) { try Graph.parseRudy("3 1\n1 4 1\n") }
    }

    @Test func memoryEstimateRefusesTenMillionDenseVariables() throws {
        let n = 10_000_000
        let estimate = MemoryEstimate.forModel(variables: n, couplings: n * (n - 1) / 2)
        #expect(throws: ExpressionError.self) { try estimate.check() }
        do { try estimate.check(limit: 1e9) } catch let e as ExpressionError {
            #expect(e.message.hasPrefix("this model needs about ") && e.message.hasSuffix("; the limit is 1.0 GB"))
        }
    }
}
