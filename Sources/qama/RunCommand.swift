import ArgumentParser
import QAMALang

/// `qama run FILE [--figures DIR]`: runs a .qama script outside Jupyter.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a QAMA script.")

    @Argument(help: "The script to run.")
    var file: String

    @Option(help: "Write the script's figures as SVG files into this directory.")
    var figures: String?

    func run() throws {
        let code = ScriptRunner.run(path: file, figuresDirectory: figures)
        if code != 0 { throw ExitCode(code) }
    }
}
