import ArgumentParser
import Foundation
import JupyterKernel
import QAMALang

/// `qama kernel -f CONNECTION_FILE`: what Jupyter runs (the kernelspec's argv).
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kernel", abstract: "Run the Jupyter kernel.")

    @Option(name: [.customShort("f"), .customLong("connection-file")], help: "The connection file Jupyter wrote.")
    var connectionFile: String

    func run() throws {
        let code = KernelServer.run(connectionFilePath: connectionFile) { QAMAInterpreter() }
        if code != KernelServer.ExitCode.ok { throw ExitCode(code) }
    }
}
