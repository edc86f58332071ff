import JupyterKernel
import Testing

@Suite("Wire frames: decode checks signature, replay, JSON and header")
struct WireCodecTests {
    let codec = WireCodec(signer: try! HMACSigner(key: Array("k".utf8)))

    func message() -> Message {
        Message(identities: [[1, 2, 3]], header: MessageHeader.make(msgType: "kernel_info_request", session: "s"),
                content: ["x": 1], buffers: [[9, 9]])
    }

    @Test func roundTripsIdentitiesPartsAndBuffers() throws {
        let m = message()
        let frames = codec.encode(m)
        #expect(frames[1] == WireCodec.delimiter)
        #expect(try codec.decode(frames) == m)
    }

    @Test func rejectsABadSignature() {
        var frames = codec.encode(message())
        frames[5] = Array(#"{"x":2}"#.utf8)
        #expect(throws: WireCodec.DecodeError.badSignature) { try codec.decode(frames) }
    }

    @Test func rejectsAReplayedMessage() throws {
        let frames = codec.encode(message())
        _ = try codec.decode(frames)
        #expect(throws: WireCodec.DecodeError.replayedSignature) { try codec.decode(frames) }
    }

    @Test func rejectsTooFewFramesAndAMissingDelimiter() {
        let frames = codec.encode(message())
        #expect(throws: WireCodec.DecodeError.tooFewFrames(3)) { try codec.decode(Array(frames[0..<5])) }
        #expect(throws: WireCodec.DecodeError.missingDelimiter) { try codec.decode([[1], [2]]) }
    }

    func signed(_ header: [UInt8], content: [UInt8] = Array("{}".utf8)) -> [[UInt8]] {
        let parts = [header, Array("{}".utf8), Array("{}".utf8), content]
        return [WireCodec.delimiter, codec.signer.signature(parts)] + parts
    }

    @Test func rejectsInvalidUTF8AndInvalidJSONEvenWhenSigned() {
        let header = MessageHeader.make(msgType: "kernel_info_request", session: "s").serialized()
        #expect(throws: WireCodec.DecodeError.self) { try codec.decode(signed(header, content: [0x7B, 0xFF, 0x7D])) }
        #expect(throws: WireCodec.DecodeError.self) { try codec.decode(signed(header, content: Array("{".utf8))) }
    }

    @Test func rejectsAHeaderLackingARequiredField() {
        let header: JSON = ["msg_id": "1", "session": "s", "username": "u"]
        #expect(throws: WireCodec.DecodeError.badHeader("header lacks string field 'msg_type'")) {
            try codec.decode(signed(header.serialized()))
        }
    }

    @Test func replayGuardForgetsTheOldestWhenFull() {
        let guardian = ReplayGuard(capacity: 2)
        #expect(guardian.admit([1]) && guardian.admit([2]) && guardian.admit([3]))
        #expect(guardian.admit([1]))  // forgotten, so admitted again
        #expect(!guardian.admit([3]))
    }
}
