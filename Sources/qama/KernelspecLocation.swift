import ArgumentParser
import Foundation

/// Where a kernelspec goes: `--user` (Jupyter's user data dir), `--sys-prefix` (the prefix of the
/// `python3` on PATH, i.e. the active venv), or `--prefix DIR`; each ends in share/jupyter/kernels/NAME
/// except the user dir, which is Jupyter's own data dir.
struct KernelspecLocation: ParsableArguments {
    @Flag(help: "Install for the current user (the default).")
    var user = false

    @Flag(name: .customLong("sys-prefix"), help: "Install into the prefix of the python3/jupyter on PATH.")
    var sysPrefix = false

    @Option(help: "Install into DIR/share/jupyter/kernels.")
    var prefix: String?

    @Option(help: "The kernelspec name.")
    var name = "qama"

    func validate() throws {
        if [user, sysPrefix, prefix != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --user, --sys-prefix and --prefix")
        }
    }

    func kernelDirectory() throws -> URL {
        let kernels: URL
        if let prefix {
            kernels = URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter/kernels")
        } else if sysPrefix {
            kernels = URL(fileURLWithPath: try Self.pythonPrefix()).appendingPathComponent("share/jupyter/kernels")
        } else {
            kernels = Self.userDataDirectory().appendingPathComponent("kernels")
        }
        return kernels.appendingPathComponent(name).standardizedFileURL
    }

    /// jupyter_core's user data dir: $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else the platform default.
    static func userDataDirectory() -> URL {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["JUPYTER_DATA_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        let home = FileManager.default.homeDirectoryForCurrentUser
        #if os(macOS)
        return home.appendingPathComponent("Library/Jupyter")
        #else
        if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("jupyter") }
        return home.appendingPathComponent(".local/share/jupyter")
        #endif
    }

    static func pythonPrefix() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw ValidationError("--sys-prefix needs python3 on PATH: \(error)") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let prefix = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !prefix.isEmpty else { throw ValidationError("python3 did not report sys.prefix") }
        return prefix
    }
}
