import Foundation

/// NumPy's `.npy` format, read into and written from an `NDArray`.
///
/// Reads format versions 1–3, both byte orders, `float32/64`, `int8/16/32/64`, `uint8/16/32/64` and
/// `bool`, in C or Fortran order (Fortran data is transposed to row-major). Writes version 1, `<f8`,
/// C order (version 2 if the header would not fit).
public enum NPY {
    public static func read(path: String) throws -> NDArray {
        try decode(try FileBytes.read(path), source: path)
    }

    public static func write(_ array: NDArray, path: String) throws {
        try FileBytes.write(encode(array), to: path)
    }

    // MARK: decoding

    public static func decode(_ bytes: [UInt8], source: String = "npy") throws -> NDArray {
        // Bytes after the data are ignored, as numpy's np.load does.
        try decodePrefix(bytes[...], source: source).0
    }

    /// Decodes the array at the start of `bytes`; returns it and the index just past its data, where the
    /// next array of a stream starts.
    public static func decodePrefix(_ bytes: ArraySlice<UInt8>, source: String = "npy") throws -> (NDArray, end: Int) {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        let base = bytes.startIndex
        guard bytes.count >= 10, bytes[base ..< base + 6].elementsEqual(magic) else { throw FormatError("\(source) is not a .npy file") }
        let major = bytes[base + 6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[base + 8]) | Int(bytes[base + 9]) << 8
            headerStart = base + 10
        case 2, 3:
            guard bytes.count >= 12 else { throw FormatError("\(source): truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[base + 8 + $1]) << (8 * $1) }
            headerStart = base + 12
        default:
            throw FormatError("\(source): unsupported .npy version \(major)")
        }
        guard bytes.endIndex - headerStart >= headerLength else { throw FormatError("\(source): truncated header") }
        let headerBytes = bytes[headerStart ..< headerStart + headerLength]
        guard let headerText = String(bytes: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw FormatError("\(source): unreadable header")
        }
        let header = try Header(parsing: headerText, source: source)
        let shape = header.shape, fortran = header.fortranOrder
        let (littleEndian, kind, size) = try parseDescr(header.descr, source)
        // The header's shape is the file's claim, not a fact: multiply with overflow checks, and compare
        // with the bytes actually there before allocating anything of that size.
        guard let count = MemoryBudget.product(shape), case (let dataBytes, false) = count.multipliedReportingOverflow(by: size) else {
            throw FormatError("\(source): the header claims shape \(text(shape)), more values than any file can hold")
        }
        let dataStart = headerStart + headerLength
        guard bytes.endIndex - dataStart >= dataBytes else {
            throw FormatError("\(source): the header claims \(count) values of \(size) bytes (shape \(text(shape)), dtype '\(header.descr)'), the file is too short")
        }
        let end = dataStart + dataBytes
        var values = [Double](repeating: 0, count: count)
        if kind == "f" && size == 8 && littleEndian == (1.littleEndian == 1) {  // native doubles: one copy
            values.withUnsafeMutableBytes { out in
                bytes.withUnsafeBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[(dataStart - base) ..< (end - base)])) }
            }
            if fortran && shape.count > 1 { values = fortranToC(values, shape) }
            return (NDArray(shape: shape, storage: values), end)
        }
        bytes.withUnsafeBufferPointer { buf in
            let raw = UnsafeRawBufferPointer(buf).baseAddress! + (dataStart - base)
            for k in 0..<count {
                var word: UInt64 = 0
                for b in 0..<size {
                    let byte = UInt64(raw.load(fromByteOffset: k * size + b, as: UInt8.self))
                    word |= byte << (8 * UInt64(littleEndian ? b : size - 1 - b))
                }
                values[k] = convert(word, kind: kind, size: size)
            }
        }
        if fortran && shape.count > 1 { values = fortranToC(values, shape) }
        return (NDArray(shape: shape, storage: values), end)
    }

    private static func convert(_ w: UInt64, kind: Character, size: Int) -> Double {
        switch (kind, size) {
        case ("f", 8): return Double(bitPattern: w)
        case ("f", 4): return Double(Float(bitPattern: UInt32(truncatingIfNeeded: w)))
        case ("f", 2): return Double(Float16Bits.toFloat(UInt16(truncatingIfNeeded: w)))
        case ("i", _):
            let shift = UInt64(64 - 8 * size)
            return Double(Int64(bitPattern: w << shift) >> Int64(shift))
        case ("b", _): return w != 0 ? 1 : 0
        default: return Double(w)  // "u"
        }
    }

    private static func text(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }

    private static func parseDescr(_ d: String, _ source: String) throws -> (Bool, Character, Int) {
        var chars = Array(d)
        var little = true
        if let first = chars.first, "<>|=".contains(first) {
            little = first != ">"
            chars.removeFirst()
        }
        if chars == ["?"] { return (true, "b", 1) }
        guard chars.count >= 2, let size = Int(String(chars[1...])), "fiub".contains(chars[0]),
              [1, 2, 4, 8].contains(size), chars[0] != "f" || size >= 2
        else { throw FormatError("\(source): unsupported dtype '\(d)' (float, int, uint or bool)") }
        return (little, chars[0], size)
    }

    private static func fortranToC(_ v: [Double], _ shape: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: v.count)
        var fStrides = [Int](repeating: 1, count: shape.count)
        for k in 1..<shape.count { fStrides[k] = fStrides[k - 1] * shape[k - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<v.count {  // c walks C order; index is its multi-index
            var f = 0
            for k in 0..<shape.count { f += index[k] * fStrides[k] }
            out[c] = v[f]
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }

    // MARK: encoding

    public static func encode(_ array: NDArray) -> [UInt8] {
        let shape = array.shape
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(\(shape.map(String.init).joined(separator: ", ")))"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
        let v1 = 10 + header.utf8.count + 1 <= 65535 + 10
        let prefix = v1 ? 10 : 12
        let total = prefix + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        let length = header.utf8.count
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, v1 ? 1 : 2, 0]
        if v1 {
            out += [UInt8(length & 0xFF), UInt8(length >> 8)]
        } else {
            out += (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) }
        }
        out += Array(header.utf8)
        out.reserveCapacity(out.count + 8 * array.count)
        for x in array.storage { withUnsafeBytes(of: x.bitPattern.littleEndian) { out += $0 } }
        return out
    }
}

/// IEEE half precision to Float without relying on `Float16` (unavailable on some platforms).
enum Float16Bits {
    static func toFloat(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F), mantissa = Float(h & 0x3FF)
        if exponent == 0 { return sign * mantissa * Float(pow(2.0, -24.0)) }
        if exponent == 31 { return mantissa == 0 ? sign * .infinity : .nan }
        return sign * (1 + mantissa / 1024) * Float(pow(2.0, Double(exponent - 15)))
    }
}
