import Foundation
import IsingCore
import Testing

/// The cgroup part of the memory budget, on made-up /sys/fs/cgroup trees (the files the kernel would show).
@Suite("MemoryBudget: cgroup limits, v1 and v2, hybrid machines")
struct MemoryBudgetTests {
    /// A fresh directory with `files` (path → content) written under it.
    func tree(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cgroup-\(UUID().uuidString)").path
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test("v2: the smallest headroom along the path; 'max' does not limit")
    func v2() throws {
        let root = try tree([
            "memory.max": "max\n", "memory.current": "1000\n",
            "kube/memory.max": "8000000000\n", "kube/memory.current": "3000000000\n",
            "kube/pod/memory.max": "max\n", "kube/pod/memory.current": "2000000000\n",
        ])
        #expect(MemoryBudget.cgroupHeadroom(root: root, membership: "0::/kube/pod\n") == 5_000_000_000)
        #expect(MemoryBudget.cgroupHeadroom(root: root, membership: "0::/\n") == nil)
    }

    @Test("v1 on a hybrid machine: a '0::/' line without v2 memory files falls through to the memory controller's cgroup")
    func hybridV1() throws {
        // This is what a container with a writable v1 memory controller shows (it was read at the v1 root only,
        // and the '0::/' line made it return before reaching v1 at all).
        let root = try tree([
            "memory/memory.limit_in_bytes": "9223372036854771712\n", "memory/memory.usage_in_bytes": "5000000000\n",
            "memory/job/memory.limit_in_bytes": "2147483648\n", "memory/job/memory.usage_in_bytes": "147483648\n",
        ])
        let membership = "9:name=systemd:/\n4:memory:/job\n3:cpuset:/\n0::/\n"
        #expect(MemoryBudget.cgroupHeadroom(root: root, membership: membership) == 2_000_000_000)
        #expect(MemoryBudget.cgroupHeadroom(root: root, membership: "4:memory:/\n0::/\n") == nil)  // v1 "no limit"
        #expect(MemoryBudget.cgroupHeadroom(root: root, membership: "4:cpu,memory:/job\n") == 2_000_000_000)
    }
}
