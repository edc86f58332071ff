import ArgumentParser
import Foundation

/// `qama uninstall`: removes the kernelspec directory `qama install` wrote (same location flags).
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the Jupyter kernelspec.")

    @OptionGroup var location: KernelspecLocation

    func run() throws {
        let target = try location.kernelDirectory()
        guard FileManager.default.fileExists(atPath: target.appendingPathComponent("kernel.json").path) else {
            print("No kernelspec \(location.name) in \(target.path)")
            throw ExitCode(1)
        }
        try FileManager.default.removeItem(at: target)
        print("Removed kernelspec \(location.name) from \(target.path)")
    }
}
