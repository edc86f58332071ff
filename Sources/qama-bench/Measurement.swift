import Foundation

/// The clocks and the memory figure every benchmark reports, in one place.
enum Measurement {
    /// Peak resident set size so far, in bytes (Linux VmHWM), or 0 where /proc is missing.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
        }
        return 0
    }

    /// Wall seconds on the monotonic clock.
    static func wallSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// CPU seconds of this process (all threads): on a shared machine the honest clock for single-threaded
    /// work, next to the wall time.
    static func processCPUSeconds() -> Double { clock(CLOCK_PROCESS_CPUTIME_ID) }

    /// CPU seconds of the calling thread.
    static func threadCPUSeconds() -> Double { clock(CLOCK_THREAD_CPUTIME_ID) }

    /// `body`'s value, its wall seconds and its process CPU seconds.
    static func timed<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double, cpuSeconds: Double) {
        let wall = wallSeconds(), cpu = processCPUSeconds()
        let value = try body()
        return (value, wallSeconds() - wall, processCPUSeconds() - cpu)
    }

    private static func clock(_ id: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(id, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// One JSON object on one line of stdout, keys sorted.
enum Report {
    static func print(_ fields: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
