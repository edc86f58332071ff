import JupyterKernel
import Testing

@Suite("HMAC signatures")
struct HMACSignerTests {
    let fox = Array("The quick brown fox jumps over the lazy dog".utf8)

    @Test func matchesTheRFCTestVectorsOverTheConcatenatedParts() throws {
        let sha256 = try HMACSigner(key: Array("key".utf8), scheme: "hmac-sha256")
        let parts = [Array(fox[0..<10]), Array(fox[10..<20]), [], Array(fox[20...])]
        #expect(String(decoding: sha256.signature(parts), as: UTF8.self)
            == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        let sha1 = try HMACSigner(key: Array("key".utf8), scheme: "hmac-sha1")
        #expect(String(decoding: sha1.signature([fox]), as: UTF8.self) == "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9")
    }

    @Test(arguments: [("hmac-sha224", 56), ("hmac-sha384", 96), ("hmac-sha512", 128)])
    func supportsTheOtherSchemes(scheme: String, hexLength: Int) throws {
        let signer = try HMACSigner(key: Array("k".utf8), scheme: scheme)
        let signature = signer.signature([fox])
        #expect(signature.count == hexLength)
        #expect(signer.verify(signature, parts: [fox]))
    }

    @Test func rejectsATamperedMessageOrSignature() throws {
        let signer = try HMACSigner(key: Array("secret".utf8))
        var signature = signer.signature([fox])
        #expect(!signer.verify(signature, parts: [fox + [0x21]]))
        signature[0] = signature[0] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        #expect(!signer.verify(signature, parts: [fox]))
        #expect(!signer.verify([], parts: [fox]))
    }

    @Test func emptyKeyMeansUnsigned() throws {
        let signer = try HMACSigner(key: [])
        #expect(signer.signature([fox]).isEmpty)
        #expect(signer.verify([], parts: [fox]))
    }

    @Test func unknownSchemeIsRefused() {
        #expect(throws: HMACSigner.UnsupportedScheme.self) { try HMACSigner(key: [1], scheme: "hmac-md4") }
    }
}
