import ArgumentParser
import Foundation
import JupyterKernel

/// `qama install`: writes kernel.json (argv = this binary's absolute path) and the logos from kernelspec/.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install the Jupyter kernelspec.")

    @OptionGroup var location: KernelspecLocation

    @Option(name: .customLong("display-name"), help: "The name Jupyter shows for the kernel.")
    var displayName: String?

    static let logos = ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]

    func run() throws {
        let source = try Self.templateDirectory()
        let template = try JSON.parse(Array(try Data(contentsOf: source.appendingPathComponent("kernel.json"))))
        guard case .object(var spec) = template, case .array(var argv)? = spec["argv"], !argv.isEmpty else {
            throw ValidationError("\(source.path)/kernel.json has no argv")
        }
        argv[0] = .string(Self.executablePath())
        spec["argv"] = .array(argv)
        if let displayName { spec["display_name"] = .string(displayName) }

        let target = try location.kernelDirectory()
        let files = FileManager.default
        try files.createDirectory(at: target, withIntermediateDirectories: true)
        try Data(JSON.object(spec).serialized()).write(to: target.appendingPathComponent("kernel.json"))
        for logo in Self.logos {
            let destination = target.appendingPathComponent(logo)
            try? files.removeItem(at: destination)
            try files.copyItem(at: source.appendingPathComponent(logo), to: destination)
        }
        print("Installed kernelspec \(location.name) in \(target.path)")
    }

    /// kernelspec/ of the source tree this binary was built in ($QAMA_KERNELSPEC_DIR overrides): the
    /// binary lives under .build/…, so it is found by walking up from the executable.
    static func templateDirectory() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["QAMA_KERNELSPEC_DIR"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        var dir = URL(fileURLWithPath: executablePath()).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("kernelspec")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("kernel.json").path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw ValidationError("cannot find kernelspec/kernel.json above \(executablePath()); set QAMA_KERNELSPEC_DIR")
    }

    static func executablePath() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }
}
