import Foundation
import NumberText

/// What a single allocation may take: 80 % of the memory the machine has available right now
/// (`MemAvailable` in /proc/meminfo), or `QAMA_MEMORY_LIMIT_GB` when set (tests set it, so they do not
/// depend on the machine) — from the environment, or bound for one cell through `limit` (the language binds
/// the session's environment there). Checked before every allocation sized by user numbers — tensors, variable
/// blocks, expressions, solver buffers, file loads — so that an oversized request is an error with the
/// number in it instead of an abort in the allocator.
public enum MemoryBudget {
    /// Bytes an allocation may use now.
    public static var bytes: Double {
        if let bound = limit.value { return bound }
        if let fromEnvironment = limit(from: ProcessInfo.processInfo.environment) { return fromEnvironment }
        return (availableBytes() ?? Double(ProcessInfo.processInfo.physicalMemory)) * 0.8
    }

    /// A budget in bytes bound for the work in `limit.withValue` on this thread.
    public static let limit = ThreadBound<Double>()

    /// `QAMA_MEMORY_LIMIT_GB` read from an environment dictionary (nil when unset or not a positive number).
    public static func limit(from environment: [String: String]) -> Double? {
        guard let s = environment["QAMA_MEMORY_LIMIT_GB"], let gb = Double(s), gb > 0, gb.isFinite else { return nil }
        return gb * 1e9
    }

    /// `MemAvailable` from /proc/meminfo (nil where there is none).
    static func availableBytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let kB = Double(fields[1]) else { return nil }
            return kB * 1024
        }
        return nil
    }

    /// Throws "`what` needs about 80.0 GB; 21.3 GB of memory is available" when `bytes` exceed the budget.
    public static func check(_ bytes: Double, _ what: String) throws {
        let budget = Self.bytes
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
}

/// A request larger than the memory budget.
public struct MemoryExceeded: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
