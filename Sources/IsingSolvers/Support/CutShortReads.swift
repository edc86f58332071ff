import IsingCore
import Synchronization

/// Thrown by a read (or a group of lock-step reads) that an interrupt cut short, carrying the best state each
/// had reached at a progress checkpoint — the same points the progress line's best energy comes from, so what
/// the line showed is what the partial result holds.
struct CutShort: Error {
    /// One state per read the task ran, in read order.
    var states: [[Int8]]
}

/// The reads of one solve that were cut short, by read index, gathered from the worker threads; with the
/// reads that completed they make the partial result an interrupted solve hands back.
final class CutShortReads: Sendable {
    private let reads = Mutex<[(index: Int, state: [Int8])]>([])

    /// `ParallelTasks.mapUntilCancelled` over tasks whose reads may be cut short: task t runs reads
    /// `firstRead(t)`, `firstRead(t) + 1`, …; one that throws `CutShort` has its states recorded here (and counts
    /// as cancelled); each completed task's result comes with its first read.
    func map<T: Sendable>(count: Int, threads: Int, firstRead: @Sendable (Int) -> Int,
                          _ task: @Sendable (Int) throws -> T) throws -> (results: [(first: Int, value: T)], cancelled: Bool) {
        try ParallelTasks.mapUntilCancelled(count: count, threads: threads) { t in
            let first = firstRead(t)
            do {
                return (first, try task(t))
            } catch let e as CutShort {
                reads.withLock { r in for (k, state) in e.states.enumerated() { r.append((first + k, state)) } }
                throw SolveCancelled()
            }
        }
    }

    private var sorted: [(index: Int, state: [Int8])] { reads.withLock { $0.sorted { $0.index < $1.index } } }

    /// The partial result's samples: completed and cut-short reads together in read order, and the setting
    /// that says which were cut short.
    /// `noun` is what one run is called: "read" (SA, PT) or "agent" (SB).
    func merged(completed: [(index: Int, state: [Int8])], of reads: Int, noun: String = "read") -> (states: [[Int8]], settings: [Setting]) {
        let cut = sorted
        let all = (completed + cut).sorted { $0.index < $1.index }
        var settings: [Setting] = [.fixed(noun + "s", .interrupted(done: completed.count, of: reads))]
        if !cut.isEmpty {
            settings.append(.fixed("cut short", .text("\(noun)\(cut.count == 1 ? "" : "s") " + cut.map { String($0.index) }.joined(separator: ", ")
                + " (the best state reached before the interrupt)")))
        }
        return (all.map(\.state), settings)
    }
}

/// The best state a running read has reached at its checkpoints.
struct BestSoFar {
    var energy = Double.infinity
    var state: [Int8] = []

    /// Keeps `state()` when `energy` is lower than the best so far (copies only then).
    mutating func consider(_ energy: Double, _ state: () -> [Int8]) {
        if energy < self.energy {
            self.energy = energy
            self.state = state()
        }
    }
}
