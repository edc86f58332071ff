/// Frames on the wire: `[ids…] <IDS|MSG> signature header parent metadata content [buffers…]`.
/// Decoding checks the signature over the exact received bytes before parsing anything, then rejects
/// replays, malformed JSON and headers lacking a required field.
public struct WireCodec: Sendable {
    public static let delimiter: [UInt8] = Array("<IDS|MSG>".utf8)

    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case missingDelimiter
        case tooFewFrames(Int)
        case badSignature
        case replayedSignature
        case invalidJSON(part: String, reason: String)
        case badHeader(String)

        public var description: String {
            switch self {
            case .missingDelimiter: return "no <IDS|MSG> delimiter"
            case .tooFewFrames(let n): return "only \(n) frames after the delimiter (need 5)"
            case .badSignature: return "invalid signature"
            case .replayedSignature: return "replayed signature"
            case .invalidJSON(let part, let reason): return "\(part): \(reason)"
            case .badHeader(let reason): return reason
            }
        }
    }

    public let signer: HMACSigner
    public let replayGuard: ReplayGuard

    public init(signer: HMACSigner, replayGuard: ReplayGuard = ReplayGuard()) {
        self.signer = signer
        self.replayGuard = replayGuard
    }

    public func decode(_ frames: [[UInt8]]) throws(DecodeError) -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw .missingDelimiter }
        let rest = frames.count - split - 1
        guard rest >= 5 else { throw .tooFewFrames(rest) }
        let signature = frames[split + 1]
        let parts = Array(frames[(split + 2)...(split + 5)])
        guard signer.verify(signature, parts: parts) else { throw .badSignature }
        if signer.isSigning, !replayGuard.admit(signature) { throw .replayedSignature }
        let names = ["header", "parent_header", "metadata", "content"]
        var values: [JSON] = []
        for (name, part) in zip(names, parts) {
            do { values.append(try JSON.parse(part)) } catch { throw .invalidJSON(part: name, reason: error.description) }
        }
        if let problem = MessageHeader.problem(in: values[0]) { throw .badHeader(problem) }
        return Message(identities: Array(frames[..<split]), header: values[0], parentHeader: values[1],
                       metadata: values[2], content: values[3], buffers: Array(frames[(split + 6)...]))
    }

    public func encode(_ message: Message) -> [[UInt8]] {
        let parts = [message.header.serialized(), message.parentHeader.serialized(),
                     message.metadata.serialized(), message.content.serialized()]
        return message.identities + [Self.delimiter, signer.signature(parts)] + parts + message.buffers
    }
}
