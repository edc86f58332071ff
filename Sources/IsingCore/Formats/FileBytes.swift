#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif

/// Whole-file reads and writes for every format and command. What is not a regular file is refused before
/// it is opened — a FIFO with no writer (or reader) blocks for ever and ignores the interrupt, `/dev/zero`
/// never ends — and a write goes to a temporary file in the same folder that is renamed into place, so a
/// failed or interrupted save leaves the old file whole. Errors are one line naming the file and the reason
/// (the system's, from errno), never a Foundation dump.
public enum FileBytes {
    public static func read(_ path: String) throws(FormatError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure("cannot read", path) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw notRegular("cannot read", path, info.st_mode) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot read", path) }
        defer { close(fd) }
        let size = Int(info.st_size)
        do { try MemoryBudget.check(Double(size), "reading \(path) (\(size) bytes)") } catch {
            throw FormatError("\(error)")
        }
        var out = [UInt8]()
        out.reserveCapacity(size)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {  // to the end, whatever the size said (the file may have grown)
            let got = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read", path)
            }
            if got == 0 { return out }
            out.append(contentsOf: chunk[0..<got])
        }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(FormatError) {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG { throw notRegular("cannot write", path, info.st_mode) }
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(folder).\(name).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure("cannot write", path) }
        let temporary = String(cString: template)
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        let savedErrno = errno
        // mkstemp makes the file 0600; a saved file gets the usual 0666 less the umask.
        let mask = umask(0)
        umask(mask)
        fchmod(fd, 0o666 & ~mask)
        close(fd)
        guard ok else {
            unlink(temporary)
            errno = savedErrno
            throw failure("cannot write", path)
        }
        guard rename(temporary, path) == 0 else {
            let e = errno
            unlink(temporary)
            errno = e
            throw failure("cannot write", path)
        }
    }

    private static func failure(_ what: String, _ path: String) -> FormatError {
        FormatError("\(what) \(path): \(String(cString: strerror(errno)).lowercasedFirst)")
    }

    private static func notRegular(_ what: String, _ path: String, _ mode: mode_t) -> FormatError {
        let kind = switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
        return FormatError("\(what) \(path): it is \(kind); only regular files are read and written")
    }
}

private extension String {
    /// "No such file or directory" → "no such file or directory", to sit after a colon mid-sentence.
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
