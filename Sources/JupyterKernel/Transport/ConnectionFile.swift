import Foundation

/// The connection file jupyter_client writes for a kernel it starts (ports, transport, key, scheme,
/// and with transport encryption the CurveZMQ server keypair as Z85 text).
public struct ConnectionFile: Sendable, Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String
    public var kernelName: String
    public var curvePublicKey: String?
    public var curveSecretKey: String?

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case malformed(path: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "cannot read connection file \(path): \(reason)"
            case .malformed(let path, let reason): return "connection file \(path) is malformed: \(reason)"
            }
        }
    }

    public static func load(path: String) throws(LoadError) -> ConnectionFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        do { return try parse(Array(data)) } catch { throw .malformed(path: path, reason: error.reason) }
    }

    public struct ParseError: Error { public let reason: String }

    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> ConnectionFile {
        let json: JSON
        do { json = try JSON.parse(bytes) } catch { throw ParseError(reason: error.description) }
        guard json.objectValue != nil else { throw ParseError(reason: "not a JSON object") }
        func port(_ name: String) throws(ParseError) -> Int {
            guard let p = json[name]?.intValue, (0...65535).contains(p) else { throw ParseError(reason: "missing or invalid \(name)") }
            return p
        }
        let transport = json["transport"]?.stringValue ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else { throw ParseError(reason: "unknown transport '\(transport)'") }
        let file = ConnectionFile(
            transport: transport,
            ip: json["ip"]?.stringValue ?? "127.0.0.1",
            shellPort: try port("shell_port"), iopubPort: try port("iopub_port"), stdinPort: try port("stdin_port"),
            controlPort: try port("control_port"), hbPort: try port("hb_port"),
            key: json["key"]?.stringValue ?? "",
            signatureScheme: json["signature_scheme"]?.stringValue ?? "hmac-sha256",
            kernelName: json["kernel_name"]?.stringValue ?? "",
            curvePublicKey: json["curve_publickey"]?.stringValue, curveSecretKey: json["curve_secretkey"]?.stringValue)
        if let secret = file.curveSecretKey, secret.utf8.count != 40 {
            throw ParseError(reason: "curve_secretkey must be 40 Z85 characters")
        }
        return file
    }

    /// The zmq endpoint for a port: `tcp://ip:port`, or `ipc://ip-port` as jupyter_client names ipc files.
    public func endpoint(port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }

    public var usesCurve: Bool { curveSecretKey != nil }
}
