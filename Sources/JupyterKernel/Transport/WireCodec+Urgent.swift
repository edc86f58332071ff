extension WireCodec {
    /// Whether frames carry an `interrupt_request` (read from the header frame alone, before the signature is
    /// checked: this only orders messages, and the request is verified when it is decoded and handled).
    @Sendable static func isInterruptRequest(_ frames: [[UInt8]]) -> Bool {
        guard let split = frames.firstIndex(of: delimiter), frames.count > split + 2,
              case .object(let header)? = try? JSON.parse(frames[split + 2]) else { return false }
        return header["msg_type"] == "interrupt_request"
    }
}
