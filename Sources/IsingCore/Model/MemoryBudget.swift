import Foundation
import NumberText

/// What a single allocation may take: `QAMA_MEMORY_LIMIT_GB` when set (tests set it, so they do not depend on
/// the machine) — bound for one cell through `limit` (the language binds the session's environment there) or
/// from the process environment — otherwise the smallest headroom among the limits that can end the process:
///
/// - 80 % of the memory the machine has available now (`MemAvailable` in /proc/meminfo);
/// - the cgroup's limit less its usage (cgroup v2 `memory.max` − `memory.current`, or v1
///   `memory.limit_in_bytes` − `memory.usage_in_bytes`): a kernel in a container (JupyterHub on Kubernetes, a
///   batch system) is killed at that limit, long before the machine runs out;
/// - `RLIMIT_AS` less the address space already mapped and `RLIMIT_DATA` less the data already mapped
///   (`ulimit -v`, `prlimit`): past them the allocator fails and the process aborts.
///
/// Checked before every allocation sized by user numbers — tensors, variable blocks, expressions, solver buffers,
/// file loads — so that an oversized request is an error with the number in it instead of an abort in the
/// allocator. Reading the limits costs a few file reads, so requests below `smallRequest` (which every limit
/// above leaves room for) are let through without reading them: the budget stays off per-term paths.
public enum MemoryBudget {
    /// Requests below this many bytes are not checked against the machine's limits (a file read each); a
    /// budget bound through `limit` or `QAMA_MEMORY_LIMIT_GB` is still checked, since it is one comparison.
    public static let smallRequest: Double = 16 * 1024 * 1024

    /// Bytes an allocation may use now.
    public static var bytes: Double {
        if let bound = limit.value ?? environmentLimit() { return bound }
        return machineLimits().budget
    }

    /// A budget in bytes bound for the work in `limit.withValue` on this thread.
    public static let limit = ThreadBound<Double>()

    /// `QAMA_MEMORY_LIMIT_GB` read from an environment dictionary (nil when unset or not a positive number).
    public static func limit(from environment: [String: String]) -> Double? {
        environment["QAMA_MEMORY_LIMIT_GB"].flatMap(gigabytes)
    }

    /// `QAMA_MEMORY_LIMIT_GB` of this process (`getenv`: no dictionary of the whole environment is built).
    static func environmentLimit() -> Double? {
        guard let raw = getenv("QAMA_MEMORY_LIMIT_GB") else { return nil }
        return gigabytes(String(cString: raw))
    }

    private static func gigabytes(_ s: String) -> Double? {
        guard let gb = Double(s), gb > 0, gb.isFinite else { return nil }
        return gb * 1e9
    }

    /// Throws "`what` needs about 80.0 GB; 21.3 GB of memory is available" when `bytes` exceed the budget.
    public static func check(_ bytes: Double, _ what: String) throws {
        let bound = limit.value ?? environmentLimit()
        if bound == nil && bytes >= 0 && bytes < smallRequest { return }
        let budget = bound ?? machineLimits().budget
        guard bytes.isFinite, bytes <= budget else {
            throw MemoryExceeded(message: "\(what) needs about \(bytes.isFinite ? NumberFormat.bytes(bytes) : "more than any machine has"); "
                + "\(NumberFormat.bytes(budget)) of memory is available")
        }
    }

    /// `dims` multiplied with overflow checks: nil when the product does not fit an `Int`.
    public static func product(_ dims: [Int]) -> Int? {
        var n = 1
        for d in dims {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = p
        }
        return n
    }

    // MARK: the limits

    /// The headroom each limit leaves now, in bytes (nil where that limit does not exist or cannot be read).
    public struct Limits: Sendable, Equatable {
        /// 80 % of `MemAvailable` (or of physical memory where /proc/meminfo is missing).
        public var machine: Double
        public var cgroup: Double?
        public var addressSpace: Double?
        public var data: Double?

        /// The smallest of them, never negative.
        public var budget: Double { max(0, [machine, cgroup, addressSpace, data].compactMap { $0 }.min()!) }
    }

    public static func machineLimits() -> Limits {
        let machine = (availableBytes() ?? Double(ProcessInfo.processInfo.physicalMemory)) * 0.8
        let statm = mappedBytes()
        return Limits(machine: machine, cgroup: cgroupHeadroom(),
                      addressSpace: resourceLimit(RLIMIT_AS).map { $0 - (statm?.size ?? 0) },
                      data: resourceLimit(RLIMIT_DATA).map { $0 - (statm?.data ?? 0) })
    }

    /// `MemAvailable` from /proc/meminfo (nil where there is none).
    static func availableBytes() -> Double? {
        guard let text = read("/proc/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let kB = Double(fields[1]) else { return nil }
            return kB * 1024
        }
        return nil
    }

    /// The soft limit of a resource in bytes (nil when unlimited).
    #if os(Linux)
    static func resourceLimit(_ resource: __rlimit_resource) -> Double? {
        var r = rlimit()
        guard getrlimit(__rlimit_resource_t(resource.rawValue), &r) == 0 else { return nil }
        return r.rlim_cur == rlim_t.max ? nil : Double(r.rlim_cur)  // RLIM_INFINITY
    }
    #else
    static func resourceLimit(_ resource: Int32) -> Double? {
        var r = rlimit()
        guard getrlimit(resource, &r) == 0 else { return nil }
        return r.rlim_cur == RLIM_INFINITY ? nil : Double(r.rlim_cur)
    }
    #endif

    /// The process's mapped address space and data segment (/proc/self/statm: pages).
    static func mappedBytes() -> (size: Double, data: Double)? {
        guard let text = read("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count >= 6 else { return nil }
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        return (fields[0] * page, fields[5] * page)
    }

    /// The process's cgroup limit less its usage: v2 (the cgroup named on /proc/self/cgroup's `0::` line,
    /// `memory.max` and `memory.current`), else v1 (the cgroup on the line whose controllers include `memory`,
    /// under `<root>/memory`: `memory.limit_in_bytes`, `memory.usage_in_bytes`). On either, the limit that binds
    /// is the smallest headroom along the path up to the root. Nil when nothing limits. A hybrid machine has a
    /// `0::/` line with no v2 memory files and the limit in v1: v2 finding nothing falls through to v1.
    public static func cgroupHeadroom(root: String = "/sys/fs/cgroup", membership: String? = nil) -> Double? {
        let groups = (membership ?? read("/proc/self/cgroup") ?? "").split(separator: "\n")
        if let line = groups.first(where: { $0.hasPrefix("0::") }),
           let v2 = smallestHeadroom(root: root, path: String(line.dropFirst(3)), limit: "memory.max", usage: "memory.current") {
            return v2
        }
        for line in groups {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, fields[1].split(separator: ",").contains("memory") else { continue }
            return smallestHeadroom(root: root + "/memory", path: String(fields[2]), limit: "memory.limit_in_bytes",
                                    usage: "memory.usage_in_bytes")
        }
        return nil
    }

    /// min(limit − usage) over `path` and its parents up to `root`; limits of 2^60 or more (v1's "none") and
    /// "max" (v2's) do not count.
    private static func smallestHeadroom(root: String, path: String, limit: String, usage: String) -> Double? {
        var best: Double? = nil
        var dir = path.isEmpty ? "/" : path
        while true {
            let base = root + (dir == "/" ? "" : dir)
            if let max = read(base + "/" + limit).flatMap(number), max < 0x1p60,
               let used = read(base + "/" + usage).flatMap(number) {
                best = Swift.min(best ?? .infinity, max - used)
            }
            if dir == "/" { break }
            dir = String(dir[..<(dir.lastIndex(of: "/") ?? dir.startIndex)])
            if dir.isEmpty { dir = "/" }
        }
        return best
    }

    private static func number(_ text: String) -> Double? { Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) }

    private static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
}

/// A request larger than the memory budget.
public struct MemoryExceeded: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
