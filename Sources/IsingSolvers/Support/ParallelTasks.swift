import Dispatch
import IsingCore
import Synchronization

/// Runs independent tasks (SA reads, SB agent blocks, exact Gray-code chunks) on up to `threads` workers.
///
/// Each task's result depends only on its index, and results come back in index order, so the outcome is
/// the same for any thread count. Workers claim the next index from a shared counter; once a task throws
/// (typically `SolveCancelled`), the others stop claiming and the first error is rethrown.
enum ParallelTasks {
    static func map<T: Sendable>(count: Int, threads: Int,
                                 _ task: @Sendable (Int) throws -> T) throws -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 {  // the caller's thread: no dispatch overhead, the benchmark's single-thread case
            return try (0..<count).map(task)
        }
        let board = TaskBoard<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = board.claim() {
                do {
                    board.store(try task(index), at: index)
                } catch {
                    board.fail(error)
                }
            }
        }
        return try board.results()
    }

    /// As `map`, but a cancellation returns the tasks that completed (in index order) instead of throwing:
    /// what an interrupted solve can still hand back. `cancelled` says whether every task ran.
    static func mapUntilCancelled<T: Sendable>(count: Int, threads: Int,
                                               _ task: @Sendable (Int) throws -> T) throws -> (results: [T], cancelled: Bool) {
        guard count > 0 else { return ([], false) }
        let board = TaskBoard<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while let index = board.claim() {
                do {
                    board.store(try task(index), at: index)
                } catch {
                    board.fail(error)
                }
            }
        }
        return try board.completedResults()
    }
}

/// The shared state of one `ParallelTasks.map`: the next unclaimed index, the results, the first error.
private final class TaskBoard<T: Sendable>: Sendable {
    private let next = Atomic<Int>(0)
    private let failed = Atomic<Bool>(false)
    private let count: Int
    private let slots: Mutex<[T?]>
    private let firstError = Mutex<(any Error)?>(nil)

    init(count: Int) {
        self.count = count
        slots = Mutex([T?](repeating: nil, count: count))
    }

    func claim() -> Int? {
        guard !failed.load(ordering: .relaxed) else { return nil }
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }

    func store(_ value: T, at index: Int) { slots.withLock { $0[index] = value } }

    func fail(_ error: any Error) {
        firstError.withLock { if $0 == nil { $0 = error } }
        failed.store(true, ordering: .relaxed)
    }

    /// Completed results in index order, when the failure was a cancellation (other errors rethrow).
    func completedResults() throws -> (results: [T], cancelled: Bool) {
        let error = firstError.withLock { $0 }
        if let error, !(error is SolveCancelled) { throw error }
        return (slots.withLock { $0.compactMap { $0 } }, error != nil)
    }

    func results() throws -> [T] {
        if let error = firstError.withLock({ $0 }) { throw error }
        return slots.withLock { $0.map { $0! } }
    }
}
