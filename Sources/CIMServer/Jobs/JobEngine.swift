import Foundation
import IsingCore
import CIMMachine
import CIMWire
import IsingSolvers
import Logging
import NumberText

/// The machine: a bounded FIFO of jobs and a fixed set of worker threads annealing them with
/// `CIMDynamics`. Workers are plain threads (never NIO event loops or the Swift concurrency pool), so a
/// long anneal blocks nothing but its own worker.
final class JobEngine: @unchecked Sendable {
    enum SubmitError: Error { case queueFull, shuttingDown }

    let configuration: CIMServerConfiguration
    private let logger: Logger
    // Guards everything below. A condition rather than a Mutex because idle workers sleep on it.
    private let lock = NSCondition()
    private var jobs: [String: Job] = [:]
    private var queue: [Job] = []
    private var queueHead = 0
    private var running: Set<String> = []
    private var finishedOrder: [String] = []
    private var finishedHead = 0
    /// What the retained finished jobs' results hold (`Job.resultBytes`), bounded by the result memory.
    private var retainedBytes = 0
    /// Jobs forgotten to keep within the limits, newest last, so asking for one says so (410) rather than
    /// "no such job"; as many are remembered as jobs are retained.
    private var forgotten = Set<String>()
    private var forgottenOrder: [String] = []
    private var forgottenHead = 0
    private var accepting = true
    private var stopping = false
    private var liveWorkers = 0

    init(configuration: CIMServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    func startWorkers() {
        lock.withLock { liveWorkers = configuration.workers }
        for index in 0..<configuration.workers {
            let thread = Thread { [self] in work() }
            thread.name = "cim-worker-\(index)"
            thread.start()
        }
    }

    // MARK: Requests

    func submit(_ job: Job) throws(SubmitError) {
        do {
            lock.lock()
            defer { lock.unlock() }
            guard accepting else { throw .shuttingDown }
            guard queue.count - queueHead < configuration.queueCapacity else { throw .queueFull }
            jobs[job.id] = job
            queue.append(job)
            lock.signal()
        }
        logger.info("job queued", metadata: [
            "job": "\(job.id)", "n": "\(job.spins)", "couplings": "\(job.couplings)",
            "samples": "\(job.samples)", "mode": "\(job.mode.rawValue)", "seed": "\(job.seed)",
        ])
    }

    enum Lookup {
        case found(Job)
        /// Finished and forgotten to keep within the retention limits.
        case forgotten
        case unknown
    }

    func job(_ id: String) -> Lookup {
        lock.withLock {
            if let job = jobs[id] { return .found(job) }
            return forgotten.contains(id) ? .forgotten : .unknown
        }
    }

    func cancel(_ job: Job, reason: String) {
        guard !job.status.isFinished else { return }
        if job.cancel(reason: reason) {  // it was still queued: free its place now
            lock.withLock {
                if let k = queue[queueHead...].firstIndex(where: { $0 === job }) { queue.remove(at: k) }
            }
            retire(job)
        }
        logger.info("job cancel requested", metadata: ["job": "\(job.id)", "reason": "\(reason)"])
    }

    var machineInfo: CIMMachineInfo {
        lock.withLock {
            configuration.machine.info(queue: .init(
                capacity: configuration.queueCapacity, queued: queue.count - queueHead, running: running.count,
                workers: configuration.workers))
        }
    }

    // MARK: Workers

    private func work() {
        while let job = next() {
            guard let machineJob = job.begin() else {  // cancelled while it waited
                lock.withLock { _ = running.remove(job.id) }
                continue
            }
            logger.info("job started", metadata: ["job": "\(job.id)"])
            // Parallelism is across jobs, one worker each.
            let outcome = Result { try configuration.machine.run(machineJob, threads: 1, control: job.control) }
            job.finish(outcome)
            lock.withLock { _ = running.remove(job.id) }
            retire(job)
            let snapshot = job.snapshot
            logger.info("job finished", metadata: [
                "job": "\(job.id)", "status": "\(snapshot.status.rawValue)",
                "anneal_ms": "\(job.result.map { NumberFormat.f($0.timing.annealMilliseconds, precision: 1) } ?? "-")",
                "error": "\(snapshot.error ?? "-")",
            ])
        }
        lock.withLock {
            liveWorkers -= 1
            lock.broadcast()
        }
    }

    /// The next queued job, waiting while there is none; nil once the engine stops and the queue is empty.
    private func next() -> Job? {
        lock.withLock {
            while true {
                if queueHead < queue.count {
                    let job = queue[queueHead]
                    queueHead += 1
                    if queueHead > 1024 && queueHead * 2 > queue.count {  // compact now and then
                        queue.removeFirst(queueHead)
                        queueHead = 0
                    }
                    running.insert(job.id)
                    return job
                }
                if stopping { return nil }
                lock.wait()
            }
        }
    }

    /// Remembers a finished job, forgetting the oldest finished ones beyond the retention limits (the number
    /// of jobs and the bytes their results hold; the newest job is always kept).
    private func retire(_ job: Job) {
        let bytes = job.resultBytes
        var dropped: [String] = []
        lock.withLock {
            finishedOrder.append(job.id)
            retainedBytes += bytes
            while finishedOrder.count - finishedHead > 1,
                  finishedOrder.count - finishedHead > configuration.retainedJobs || retainedBytes > configuration.retainedResultBytes {
                let id = finishedOrder[finishedHead]
                finishedHead += 1
                if let old = jobs.removeValue(forKey: id) { retainedBytes -= old.resultBytes }
                remember(forgotten: id)
                dropped.append(id)
            }
            if finishedHead > 1024 && finishedHead * 2 > finishedOrder.count {
                finishedOrder.removeFirst(finishedHead)
                finishedHead = 0
            }
        }
        for id in dropped { logger.info("job forgotten", metadata: ["job": "\(id)"]) }
    }

    private func remember(forgotten id: String) {
        forgotten.insert(id)
        forgottenOrder.append(id)
        while forgottenOrder.count - forgottenHead > configuration.retainedJobs {
            forgotten.remove(forgottenOrder[forgottenHead])
            forgottenHead += 1
        }
        if forgottenHead > 1024 && forgottenHead * 2 > forgottenOrder.count {
            forgottenOrder.removeFirst(forgottenHead)
            forgottenHead = 0
        }
    }

    // MARK: Shutdown

    /// Refuses new jobs, cancels queued ones, gives running ones `shutdownGraceSeconds` to finish, cancels
    /// the rest, and returns when every worker has exited. Logs what became of each job.
    func drain() async {
        let queued: [Job] = lock.withLock {
            accepting = false
            let waiting = Array(queue[queueHead...])
            queue.removeAll()
            queueHead = 0
            return waiting
        }
        let runningAtStart = lock.withLock { running }
        logger.notice("shutting down", metadata: [
            "queued": "\(queued.count)", "running": "\(runningAtStart.count)",
            "grace_s": "\(configuration.shutdownGraceSeconds)",
        ])
        for job in queued where job.cancel(reason: "the machine shut down before the job started") {
            retire(job)
            logger.notice("shutdown: cancelled queued job", metadata: ["job": "\(job.id)"])
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(configuration.shutdownGraceSeconds * 1000))
        while lock.withLock({ !running.isEmpty }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let stillRunning = lock.withLock { running.compactMap { jobs[$0] } }
        for job in stillRunning {
            job.cancel(reason: "the machine shut down while the job was running")
            logger.notice("shutdown: cancelled running job", metadata: ["job": "\(job.id)"])
        }
        for id in runningAtStart.subtracting(stillRunning.map(\.id)) {
            let status = lock.withLock { jobs[id]?.status.rawValue ?? "forgotten" }
            logger.notice("shutdown: running job ended within the grace period", metadata: ["job": "\(id)", "status": "\(status)"])
        }
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
        while lock.withLock({ liveWorkers > 0 }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        logger.notice("all workers stopped")
    }
}
