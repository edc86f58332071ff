import Foundation
import IsingCore
import CIMMachine
import CIMWire
import IsingSolvers
import Synchronization

/// One submitted job: its request, the control its worker anneals under, and its state. The problem is
/// held only until a worker takes it (a 2,000-spin job's couplings are megabytes; a finished job keeps its
/// result and its size, `resultBytes`, which the engine's result memory counts).
final class Job: Sendable {
    let id: String
    let spins: Int
    let couplings: Int
    let samples: Int
    let mode: CIMDynamics.Mode
    let seed: UInt64
    let submitted: ContinuousClock.Instant
    /// Cancelled by DELETE or shutdown; the worker's solve observes it.
    let control: SolveControl
    private let progress: JobProgress
    private let state = Mutex(State())

    struct State {
        var status = CIMJobStatus.queued
        var error: String?
        var result: CIMJobResult?
        var started: ContinuousClock.Instant?
        /// The job to run, until a worker takes it or it is cancelled while queued.
        var pending: MachineJob?
    }

    init(_ job: MachineJob) {
        id = UUID().uuidString.lowercased()
        spins = job.problem.n
        couplings = job.problem.couplingCount
        samples = job.samples
        mode = job.mode
        seed = job.seed
        state.withLock { $0.pending = job }
        submitted = .now
        let progress = JobProgress()
        self.progress = progress
        control = SolveControl(progress: { progress.fraction = $0.fraction })
    }

    var status: CIMJobStatus { state.withLock { $0.status } }

    var snapshot: CIMJobState {
        state.withLock { s in
            CIMJobState(id: id, status: s.status, progress: s.status == .done ? 1 : progress.fraction, error: s.error)
        }
    }

    var result: CIMJobResult? { state.withLock { $0.result } }

    /// Bytes the finished job holds: its result's, or nothing.
    var resultBytes: Int {
        state.withLock { s in s.result.map { JobResultSize.bytes(samples: $0.energies.count, spins: spins) ?? .max } ?? 0 }
    }

    /// queued → running: the job to run, handed over (the job no longer holds it); nil when it was
    /// cancelled while it waited.
    func begin() -> MachineJob? {
        state.withLock { s in
            guard s.status == .queued, let job = s.pending else { return nil }
            s.status = .running
            s.started = .now
            s.pending = nil
            return job
        }
    }

    /// Records how the worker's solve ended.
    func finish(_ outcome: Result<SampleSet, any Error>) {
        let now = ContinuousClock.Instant.now
        state.withLock { s in
            let started = s.started ?? now
            switch outcome {
            case .success(let set):
                s.status = .done
                s.error = nil
                s.result = CIMJobResult(
                    id: id, samples: set,
                    timing: .init(queueMilliseconds: Self.milliseconds(started - submitted),
                                  annealMilliseconds: Self.milliseconds(now - started)))
            case .failure(let error as SolveCancelled):
                s.status = .cancelled
                s.error = s.error ?? error.description
            case .failure(let error):
                s.status = .failed
                s.error = "\(error)"
            }
        }
    }

    /// Cancels a queued job outright (returns true) or asks a running one to stop (its worker finishes it).
    @discardableResult
    func cancel(reason: String) -> Bool {
        control.cancel()
        return state.withLock { s in
            if s.status == .running && s.error == nil { s.error = reason }
            guard s.status == .queued else { return false }
            s.status = .cancelled
            s.error = reason
            s.pending = nil
            return true
        }
    }

    private static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
    }
}

/// The latest progress fraction a solve reported (written by the worker, read by status queries).
private final class JobProgress: Sendable {
    private let bits = Atomic<UInt64>(0)
    var fraction: Double {
        get { Double(bitPattern: bits.load(ordering: .relaxed)) }
        set { bits.store(newValue.bitPattern, ordering: .relaxed) }
    }
}
