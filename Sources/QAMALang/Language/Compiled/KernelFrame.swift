import IsingCore

/// One term of a compiled symbolic value: `c · (param) · v_a · v_b`, where `param` < 0 means no param and
/// `a`, `b` < 0 mean no variable (a constant term has neither, a linear term only `a`).
struct KernelTerm {
    var c: Double
    var param: Int32
    /// Bit 0: `a` is a spin; bit 1: `b` is a spin (what folding a square needs: x·x = x, s·s = 1).
    var spins: UInt8
    var a: Int
    var b: Int

    static func constant(_ c: Double, param: Int32 = -1) -> KernelTerm { KernelTerm(c: c, param: param, spins: 0, a: -1, b: -1) }
    static func variable(_ id: Int, spin: Bool) -> KernelTerm { KernelTerm(c: 1, param: -1, spins: spin ? 1 : 0, a: id, b: -1) }

    @inline(__always) func sameKey(_ o: KernelTerm) -> Bool { a == o.a && b == o.b && param == o.param }
}

/// Thrown by a kernel when it cannot give the exact result the evaluator would (an index out of range, a
/// product of degree 3, two params in one coefficient…): the caller then
/// evaluates that one body, statement or bound with the evaluator itself, which gives the value or the
/// error a user would get without kernels. Never shown to a user.
struct KernelBail: Error {}

/// What compiled kernels read and write while they run: the loop variables (slots) and a stack of terms that
/// symbolic kernels push their values onto. One frame serves a whole sum or loop nest; nothing in it is
/// allocated per term.
final class KernelFrame {
    /// Loop variables and numeric locals, by slot.
    var slots: UnsafeMutablePointer<Double>
    let slotCount: Int
    /// The term stack: a symbolic kernel appends its terms at `count`.
    private(set) var terms: UnsafeMutablePointer<KernelTerm>
    var count = 0
    private var capacity = 64

    init(slotCount: Int) {
        self.slotCount = slotCount
        slots = .allocate(capacity: Swift.max(1, slotCount))
        slots.initialize(repeating: 0, count: Swift.max(1, slotCount))
        terms = .allocate(capacity: capacity)
    }

    deinit {
        slots.deallocate()
        terms.deallocate()
    }

    /// Whether the value being computed came from decision variables (even if they folded away, as s·s = 1):
    /// such an expression belongs to the session's registry, as the evaluator's would.
    var fromVariables = false

    /// Starts the next body or statement: an empty stack.
    @inline(__always) func reset() {
        count = 0
        fromVariables = false
    }

    @inline(__always) func pushVariable(_ id: Int, spin: Bool) {
        fromVariables = true
        push(.variable(id, spin: spin))
    }

    @inline(__always) func push(_ t: KernelTerm) {
        if count == capacity { grow() }
        terms[count] = t
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<KernelTerm>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: terms, count: count)
        terms.deallocate()
        terms = bigger
        capacity *= 2
    }

    /// Replaces the terms from `start` on by the `count - from` terms at `from` (a product's result moved
    /// down over its operands).
    @inline(__always) func moveDown(from: Int, to start: Int) {
        let n = count - from
        if from != start { for k in 0..<n { terms[start + k] = terms[from + k] } }
        count = start + n
    }

    private var ticks = 0

    /// Counts an iteration of a loop inside a kernel; true every 1,024th (when it should look at the interrupt).
    @inline(__always) func tick() -> Bool {
        ticks &+= 1
        return ticks & 1023 == 0
    }

    /// The loop variables as a scope, for evaluating one body or statement with the evaluator.
    func scope(_ names: [(name: String, slot: Int)]) -> [String: Bindings.Binding] {
        var out: [String: Bindings.Binding] = [:]
        for (name, slot) in names { out[name] = Bindings.Binding(kind: .let, value: .number(slots[slot]), order: 0) }
        return out
    }
}
