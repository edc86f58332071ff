import Foundation

/// `usage_reply` content, as ipykernel (≥ 6.9) answers `usage_request` on control and as
/// jupyter-resource-usage's kernel panel reads it: `kernel_cpu` (percent of one CPU since the previous
/// request), `kernel_memory` (bytes: PSS where the system reports it, else RSS), `host_cpu_percent` (all
/// CPUs, since the previous request; left out the first time, as ipykernel does with psutil's meaningless
/// first reading), `cpu_count`, `host_virtual_memory` (psutil's `virtual_memory()` fields) and `hostname`,
/// `pid`. Read from /proc on Linux; fields the system does not offer are left out.
final class UsageReport: @unchecked Sendable {
    private let lock = NSLock()
    private var lastProcess: (cpuSeconds: Double, wall: Double)?
    private var lastHost: (busy: Double, total: Double)?
    /// PSS walks every page table entry: 40–80 ms with a 2 GB heap, and the control channel is serial. It is
    /// read at most once per `memoryRefreshSeconds`; requests in between report the last reading.
    private var lastMemory: (bytes: Int, uptime: Double)?
    static let memoryRefreshSeconds = 1.0

    func content() -> JSON {
        lock.lock()
        defer { lock.unlock() }
        var out: [String: JSON] = [
            "hostname": .string(ProcessInfo.processInfo.hostName),
            "pid": .int(Int(getpid())),
            "cpu_count": .int(ProcessInfo.processInfo.activeProcessorCount),
        ]
        // Process CPU: since start the first time (like ipykernel's first psutil call, but not a useless 0).
        let now = ProcessInfo.processInfo.systemUptime
        let cpu = Self.processCPUSeconds()
        let since = lastProcess ?? (0, Self.processStartUptime() ?? now)
        let wall = now - since.wall
        out["kernel_cpu"] = .double(wall > 0 ? Self.round1(100 * (cpu - since.cpuSeconds) / wall) : 0)
        lastProcess = (cpu, now)
        if let last = lastMemory, now - last.uptime < Self.memoryRefreshSeconds {
            out["kernel_memory"] = .int(last.bytes)
        } else if let memory = Self.processMemory() {
            out["kernel_memory"] = .int(memory)
            lastMemory = (memory, now)
        }
        if let host = Self.hostCPUTicks() {
            if let last = lastHost, host.total > last.total {
                out["host_cpu_percent"] = .double(Self.round1(100 * (host.busy - last.busy) / (host.total - last.total)))
            }
            lastHost = host
        }
        if let memory = Self.virtualMemory() { out["host_virtual_memory"] = memory }
        return .object(out)
    }

    private static func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Seconds after boot at which this process started (field 22 of /proc/self/stat, in clock ticks).
    private static func processStartUptime() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command name: field 3 (state) is fields[0], so field 22 is fields[19].
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// PSS from smaps_rollup (what ipykernel reports when psutil offers it), else RSS from statm.
    private static func processMemory() -> Int? {
        if let rollup = try? String(contentsOfFile: "/proc/self/smaps_rollup", encoding: .utf8),
           let kb = field("Pss:", in: rollup) {
            return kb * 1024
        }
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let parts = statm.split(separator: " ")
            if parts.count > 1, let pages = Int(parts[1]) { return pages * Int(sysconf(Int32(_SC_PAGESIZE))) }
        }
        return nil
    }

    /// (busy, total) jiffies over all CPUs from the first line of /proc/stat; idle and iowait are not busy.
    private static func hostCPUTicks() -> (busy: Double, total: Double)? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 5 else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is already counted in user).
        let total = values.prefix(8).reduce(0, +)
        return (total - values[3] - values[4], total)
    }

    /// psutil's `virtual_memory()` on Linux, in bytes: total, available, percent, used, free, active,
    /// inactive, buffers, cached, shared, slab.
    private static func virtualMemory() -> JSON? {
        guard let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let total = field("MemTotal:", in: info), let free = field("MemFree:", in: info) else { return nil }
        let kb = { (name: String) in field(name, in: info) ?? 0 }
        let available = field("MemAvailable:", in: info) ?? free
        let cached = kb("Cached:") + kb("SReclaimable:")
        var used = total - free - kb("Buffers:") - cached
        if used < 0 { used = total - free }
        let percent = total > 0 ? round1(100 * Double(total - available) / Double(total)) : 0
        return [
            "total": .int(total * 1024), "available": .int(available * 1024), "percent": .double(percent),
            "used": .int(used * 1024), "free": .int(free * 1024), "active": .int(kb("Active:") * 1024),
            "inactive": .int(kb("Inactive:") * 1024), "buffers": .int(kb("Buffers:") * 1024),
            "cached": .int(cached * 1024), "shared": .int(kb("Shmem:") * 1024), "slab": .int(kb("Slab:") * 1024),
        ]
    }

    /// The number of kB on the line starting with `name` in a /proc file.
    private static func field(_ name: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return line.dropFirst(name.count).split(separator: " ").first.flatMap { Int($0) }
        }
        return nil
    }
}
