// Comms (the `comm_open` / `comm_msg` / `comm_close` messages of the Jupyter protocol): a bidirectional
// channel between a front end and an object in the kernel, named by a uuid and opened to a target name
// (`jupyter.widget` for widgets). The kernel core routes them and keeps the list of open comms; what a
// comm means belongs to the interpreter, which names the targets it accepts (`Interpreter.commTargets`).

/// One comm message, in either direction: from a front end as the core hands it to the interpreter
/// (`CommEvent`), or from the interpreter to the front ends, sent on iopub with the current request as
/// parent (`CommOutgoing`). Both carry the same fields, so one type serves both.
public struct CommMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `comm_open`. From a front end: to one of the interpreter's targets (anything else is closed by
        /// the core). From the kernel: the core records the comm as open under `targetName`.
        case open(targetName: String)
        /// `comm_msg` on an open comm.
        case message
        /// `comm_close`: the core forgets the comm.
        case close
    }

    public var kind: Kind
    public var commID: String
    public var data: JSON
    public var metadata: JSON
    public var buffers: [[UInt8]]

    public init(kind: Kind, commID: String, data: JSON = .emptyObject, metadata: JSON = .emptyObject, buffers: [[UInt8]] = []) {
        self.kind = kind
        self.commID = commID
        self.data = data
        self.metadata = metadata
        self.buffers = buffers
    }
}

/// A comm message from a front end.
public typealias CommEvent = CommMessage
/// A comm message the interpreter sends to the front ends.
public typealias CommOutgoing = CommMessage

/// The kernel's open comms (opened from either side), for `comm_info_request` and for routing: a
/// `comm_msg` to a comm not listed here is dropped with a log line. Guarded by a lock because the
/// execution thread opens comms while the shell thread may ask for the list.
final class CommRegistry: @unchecked Sendable {
    private var targets: [String: String] = [:]
    private let lock = NSLock()

    func opened(_ commID: String, target: String) { lock.withLock { targets[commID] = target } }
    func closed(_ commID: String) { lock.withLock { targets[commID] = nil } }
    func target(of commID: String) -> String? { lock.withLock { targets[commID] } }

    /// `{"comm_id": {"target_name": ...}}`, all of them or those of one target.
    func info(targetName: String?) -> JSON {
        lock.withLock {
            var comms: [String: JSON] = [:]
            for (id, target) in targets where targetName == nil || targetName == target {
                comms[id] = ["target_name": .string(target)]
            }
            return .object(comms)
        }
    }
}

import Foundation
