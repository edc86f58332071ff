import Foundation

/// `qama kernel -f FILE`: reads the connection file, binds the sockets, and serves until shutdown.
public enum KernelServer {
    /// Exit codes (sysexits.h) so launchers can tell failures apart.
    public enum ExitCode {
        public static let ok: Int32 = 0
        public static let malformedConnectionFile: Int32 = 65  // EX_DATAERR
        public static let unreadableConnectionFile: Int32 = 66  // EX_NOINPUT
        public static let cannotBind: Int32 = 69  // EX_UNAVAILABLE (e.g. a port in use)
    }

    /// Runs the kernel on the calling thread (which becomes the execution thread); returns the exit code.
    public static func run(connectionFilePath: String, log: @escaping @Sendable (String) -> Void = KernelLog.stderr,
                           makeInterpreter: () -> any Interpreter) -> Int32 {
        SignalWatcher.blockInterrupts()
        let connection: ConnectionFile
        do {
            connection = try ConnectionFile.load(path: connectionFilePath)
        } catch {
            log("error: \(error)")
            if case .unreadable = error { return ExitCode.unreadableConnectionFile }
            return ExitCode.malformedConnectionFile
        }
        // Bind first: a port in use fails before anything else runs, and early clients find the sockets.
        let transport: ZMQTransport
        do {
            transport = try ZMQTransport(connection: connection, log: log)
        } catch let error as ZMQError {
            log("error: cannot bind: \(error)" + (error.isAddressInUse ? " (port in use: is another kernel running?)" : ""))
            return ExitCode.cannotBind
        } catch {
            log("error: \(error)")
            return ExitCode.malformedConnectionFile
        }
        let core = KernelCore(interpreter: makeInterpreter(), transport: transport, log: log)
        do {
            try core.start()
        } catch {
            log("error: \(error)")
            return ExitCode.cannotBind
        }
        SignalWatcher.start { core.interrupt() }
        ParentWatcher.start {
            log("parent process died: shutting down")
            core.requestShutdown(restart: false)
            // A cell that ignores the interrupt must not keep an orphan alive.
            sleep(3)
            _exit(0)
        }
        core.run()
        transport.stop()
        return ExitCode.ok
    }
}
