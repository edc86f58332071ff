import COpenSSL

/// Signs and verifies messages with the connection file's key and scheme (`hmac-sha256`, or any of
/// hmac-sha1/sha224/sha384/sha512 that jupyter_client accepts). An empty key means messages are unsigned.
/// The signature is the lowercase hex HMAC over header, parent header, metadata and content, in that
/// order, exactly as they travel on the wire.
public struct HMACSigner: Sendable {
    public static let supportedSchemes = ["hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"]

    public let key: [UInt8]
    public let scheme: String
    private let digestName: String

    public struct UnsupportedScheme: Error, CustomStringConvertible {
        public let scheme: String
        public var description: String {
            "unsupported signature scheme '\(scheme)' (supported: \(HMACSigner.supportedSchemes.joined(separator: ", ")))"
        }
    }

    public init(key: [UInt8], scheme: String = "hmac-sha256") throws(UnsupportedScheme) {
        guard HMACSigner.supportedSchemes.contains(scheme) else { throw UnsupportedScheme(scheme: scheme) }
        self.key = key
        self.scheme = scheme
        self.digestName = String(scheme.dropFirst("hmac-".count))
    }

    public var isSigning: Bool { !key.isEmpty }

    /// Lowercase hex signature of the four JSON parts (empty when unsigned).
    public func signature(_ parts: [[UInt8]]) -> [UInt8] {
        guard isSigning else { return [] }
        guard let digest = EVP_get_digestbyname(digestName), let context = EVP_MD_CTX_new() else { return [] }
        defer { EVP_MD_CTX_free(context) }
        let pkey = key.withUnsafeBufferPointer { EVP_PKEY_new_raw_private_key(EVP_PKEY_HMAC, nil, $0.baseAddress, $0.count) }
        guard let pkey else { return [] }
        defer { EVP_PKEY_free(pkey) }
        guard EVP_DigestSignInit(context, nil, digest, nil, pkey) == 1 else { return [] }
        for part in parts {
            part.withUnsafeBufferPointer { _ = EVP_DigestSignUpdate(context, $0.baseAddress, $0.count) }
        }
        var mac = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = mac.count
        guard EVP_DigestSignFinal(context, &mac, &length) == 1 else { return [] }
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(length * 2)
        for byte in mac[0..<length] {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return out
    }

    /// Constant-time check of a received signature (CRYPTO_memcmp), always true when unsigned.
    public func verify(_ signature: [UInt8], parts: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        let expected = self.signature(parts)
        guard !expected.isEmpty, signature.count == expected.count else { return false }
        return signature.withUnsafeBytes { a in
            expected.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 }
        }
    }
}
