import JupyterKernel
import Testing

@Suite("Connection files")
struct ConnectionFileTests {
    let text = #"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha512", "kernel_name": "qama"}"#

    @Test func readsPortsKeyAndScheme() throws {
        let file = try ConnectionFile.parse(Array(text.utf8))
        #expect(file.shellPort == 1 && file.hbPort == 5 && file.key == "abc" && file.signatureScheme == "hmac-sha512")
        #expect(file.endpoint(port: 4) == "tcp://127.0.0.1:4")
        #expect(!file.usesCurve)
    }

    @Test func ipcEndpointsAreNamedLikeJupyterClient() throws {
        var file = try ConnectionFile.parse(Array(text.utf8))
        file.transport = "ipc"
        file.ip = "/tmp/kernel"
        #expect(file.endpoint(port: 7) == "ipc:///tmp/kernel-7")
    }

    @Test func readsCurveKeys() throws {
        let key = String(repeating: "A", count: 40)
        let withCurve = text.replacingOccurrences(of: #""kernel_name""#, with: #""curve_publickey": "\#(key)", "curve_secretkey": "\#(key)", "kernel_name""#)
        let file = try ConnectionFile.parse(Array(withCurve.utf8))
        #expect(file.usesCurve && file.curveSecretKey == key)
    }

    @Test func missingPortOrBadJSONIsAnError() {
        #expect(throws: ConnectionFile.ParseError.self) { try ConnectionFile.parse(Array(#"{"shell_port": 1}"#.utf8)) }
        #expect(throws: ConnectionFile.ParseError.self) { try ConnectionFile.parse(Array("nope".utf8)) }
    }

    @Test func aMissingFileIsUnreadable() {
        #expect {
            try ConnectionFile.load(path: "/nonexistent/kernel-1.json")
        } throws: { error in
            if case .unreadable? = error as? ConnectionFile.LoadError { return true }
            return false
        }
    }
}
