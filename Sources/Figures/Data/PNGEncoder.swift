import Foundation

/// A minimal PNG writer for indexed-colour images: what a large heatmap is drawn as, since one SVG
/// element per cell would make a 256 × 256 map several megabytes.
///
/// The image data goes into stored (uncompressed) deflate blocks: no compression library is needed, the
/// bytes are the same on every platform, and a 256 × 256 map is ~66 KB before base64.
enum PNGEncoder {
    /// - Parameters:
    ///   - indices: row-major palette indices, `width × height`.
    ///   - palette: up to 256 colours as "#rrggbb".
    static func indexed(width: Int, height: Int, indices: [UInt8], palette: [String]) -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, 3, 0, 0, 0]  // bit depth 8, colour type 3 (palette), deflate, adaptive filter, no interlace
        chunk("IHDR", header, into: &png)
        chunk("PLTE", palette.flatMap(rgb), into: &png)

        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for r in 0..<height {
            raw.append(0)  // filter: none
            raw += indices[(r * width)..<((r + 1) * width)]
        }
        chunk("IDAT", zlibStored(raw), into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    private static func rgb(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8.dropFirst())
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        return stride(from: 0, to: 6, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
    }

    private static func chunk(_ type: String, _ data: [UInt8], into png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        png += data
        png += bigEndian(crc32(typeBytes + data))
    }

    /// zlib stream of stored deflate blocks (at most 65 535 bytes each) with its Adler-32 trailer.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65_535, data.count - offset)
            let final: UInt8 = offset + n == data.count ? 1 : 0
            out.append(final)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[offset..<(offset + n)]
            offset += n
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        out += bigEndian(b << 16 | a)
        return out
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
