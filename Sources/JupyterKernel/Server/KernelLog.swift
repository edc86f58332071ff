import Foundation

/// Log lines on stderr, where Jupyter servers collect kernel logs.
public enum KernelLog {
    public static let stderr: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data("[qama] \(line)\n".utf8))
    }
}
