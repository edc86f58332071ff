import Foundation

/// Where `graph("G1")` finds a Gset graph by name. A name without a path separator or extension is a Gset
/// name; it is looked up, in order, in
///
/// 1. `$QAMA_GSET_DIR`,
/// 2. `<repo>/../shared/data/gset` (the team's full set), then `<repo>/data/gset` (the few graphs the
///    repository ships), where `<repo>` is found by walking up from the working directory and from the
///    running executable to the first folder holding `Package.swift`,
/// 3. `./data/gset` and `../data/gset` relative to the working directory (a notebook in `notebooks/`
///    next to a `data` folder).
///
/// Anything else is read as a path relative to the working directory.
enum GraphLocator {
    static func isGsetName(_ name: String) -> Bool {
        guard let first = name.first, first == "G" || first == "g" else { return false }
        return name.dropFirst().allSatisfy(\.isNumber) && name.count > 1
    }

    /// Candidate folders for Gset files, in search order.
    static func gsetDirectories(environment: [String: String] = ProcessInfo.processInfo.environment,
                                workingDirectory: String = FileManager.default.currentDirectoryPath) -> [String] {
        var dirs: [String] = []
        if let explicit = environment["QAMA_GSET_DIR"], !explicit.isEmpty { dirs.append(explicit) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().path
        for start in [workingDirectory, executable] {
            if let repo = enclosingPackage(of: start) {
                dirs.append(URL(fileURLWithPath: repo).deletingLastPathComponent()
                    .appendingPathComponent("shared/data/gset").path)
                dirs.append(URL(fileURLWithPath: repo).appendingPathComponent("data/gset").path)
            }
        }
        dirs.append(URL(fileURLWithPath: workingDirectory).appendingPathComponent("data/gset").path)
        dirs.append(URL(fileURLWithPath: workingDirectory).deletingLastPathComponent()
            .appendingPathComponent("data/gset").path)
        var seen = Set<String>()
        return dirs.filter { seen.insert($0).inserted }
    }

    /// The file for `name`, or nil with the folders that were searched.
    static func locate(_ name: String, environment: [String: String]) -> (path: String?, searched: [String]) {
        let fm = FileManager.default
        guard isGsetName(name) else {
            return (fm.fileExists(atPath: name) ? name : nil, [fm.currentDirectoryPath])
        }
        let canonical = "G" + name.dropFirst()
        let dirs = gsetDirectories(environment: environment)
        for dir in dirs {
            for file in [canonical, canonical + ".txt", canonical + ".rud"] {
                let path = URL(fileURLWithPath: dir).appendingPathComponent(file).path
                if fm.fileExists(atPath: path) { return (path, dirs) }
            }
        }
        return (nil, dirs)
    }

    private static func enclosingPackage(of start: String) -> String? {
        var url = URL(fileURLWithPath: start).standardizedFileURL
        for _ in 0..<12 {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
        return nil
    }
}
