import Foundation

/// One Jupyter message, decoded: routing identities, the four JSON parts and any binary buffers.
/// The transport turns frames into this and back; the kernel core only ever sees this.
public struct Message: Sendable, Equatable {
    public var identities: [[UInt8]]
    public var header: JSON
    public var parentHeader: JSON
    public var metadata: JSON
    public var content: JSON
    public var buffers: [[UInt8]]

    public init(identities: [[UInt8]] = [], header: JSON, parentHeader: JSON = .emptyObject,
                metadata: JSON = .emptyObject, content: JSON = .emptyObject, buffers: [[UInt8]] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    public var msgType: String { header["msg_type"]?.stringValue ?? "" }
    public var msgID: String { header["msg_id"]?.stringValue ?? "" }
    public var session: String { header["session"]?.stringValue ?? "" }
}

/// The header fields every message must carry; a message lacking one is dropped.
public enum MessageHeader {
    public static let requiredFields = ["msg_id", "msg_type", "session", "username"]
    /// The messaging protocol version this kernel implements: 5.5 (iopub_welcome over an XPUB iopub).
    /// Of 5.4 (kernel subshells, an optional feature) it implements none, and says so by not listing
    /// "kernel subshells" in supported_features; of 5.3, interrupt_request on control and comms.
    public static let protocolVersion = "5.5"

    /// A fresh header: new uuid, the current UTC time with microseconds.
    public static func make(msgType: String, session: String, username: String = "kernel") -> JSON {
        [
            "msg_id": .string(UUID().uuidString.lowercased()),
            "msg_type": .string(msgType),
            "session": .string(session),
            "username": .string(username),
            "date": .string(Timestamp.now()),
            "version": .string(protocolVersion),
        ]
    }

    /// Why a header is unusable, or nil when it is fine.
    public static func problem(in header: JSON) -> String? {
        guard case .object(let fields) = header else { return "header is not an object" }
        for field in requiredFields where fields[field]?.stringValue == nil {
            return "header lacks string field '\(field)'"
        }
        return nil
    }
}
