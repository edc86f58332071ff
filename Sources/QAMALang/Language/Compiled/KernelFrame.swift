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
///
/// Its mutable fields live behind `let` pointers: a stored `var` of a class is checked for exclusive access at
/// run time on every read and write (a call into the runtime each), which cost more than the arithmetic.
final class KernelFrame {
    /// Loop variables and numeric locals, by slot.
    let slots: UnsafeMutablePointer<Double>
    let slotCount: Int
    private struct Stack {
        var terms: UnsafeMutablePointer<KernelTerm>
        var count: Int
        var capacity: Int
        var fromVariables: Bool
        var ticks: Int
    }
    private let stack: UnsafeMutablePointer<Stack>

    init(slotCount: Int) {
        self.slotCount = slotCount
        slots = .allocate(capacity: Swift.max(1, slotCount))
        slots.initialize(repeating: 0, count: Swift.max(1, slotCount))
        stack = .allocate(capacity: 1)
        stack.initialize(to: Stack(terms: .allocate(capacity: 64), count: 0, capacity: 64, fromVariables: false, ticks: 0))
    }

    deinit {
        slots.deallocate()
        stack.pointee.terms.deallocate()
        stack.deallocate()
    }

    /// The term stack: a symbolic kernel appends its terms at `count`.
    var terms: UnsafeMutablePointer<KernelTerm> { stack.pointee.terms }
    var count: Int {
        get { stack.pointee.count }
        set { stack.pointee.count = newValue }
    }

    /// Whether the value being computed came from decision variables (even if they folded away, as s·s = 1):
    /// such an expression belongs to the session's registry, as the evaluator's would.
    var fromVariables: Bool {
        get { stack.pointee.fromVariables }
        set { stack.pointee.fromVariables = newValue }
    }

    /// Starts the next body or statement: an empty stack.
    @inline(__always) func reset() {
        stack.pointee.count = 0
        stack.pointee.fromVariables = false
    }

    @inline(__always) func pushVariable(_ id: Int, spin: Bool) {
        stack.pointee.fromVariables = true
        push(.variable(id, spin: spin))
    }

    @inline(__always) func push(_ t: KernelTerm) {
        if stack.pointee.count == stack.pointee.capacity { grow() }
        stack.pointee.terms[stack.pointee.count] = t
        stack.pointee.count += 1
    }

    private func grow() {
        let capacity = stack.pointee.capacity
        let bigger = UnsafeMutablePointer<KernelTerm>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: stack.pointee.terms, count: stack.pointee.count)
        stack.pointee.terms.deallocate()
        stack.pointee.terms = bigger
        stack.pointee.capacity = capacity * 2
    }

    /// Replaces the terms from `start` on by the `count - from` terms at `from` (a product's result moved
    /// down over its operands).
    @inline(__always) func moveDown(from: Int, to start: Int) {
        let n = count - from
        let t = terms
        if from != start { for k in 0..<n { t[start + k] = t[from + k] } }
        count = start + n
    }

    /// Counts an iteration of a loop inside a kernel; true every 1,024th (when it should look at the interrupt).
    @inline(__always) func tick() -> Bool {
        stack.pointee.ticks &+= 1
        return stack.pointee.ticks & 1023 == 0
    }

    /// The loop variables as a scope, for evaluating one body or statement with the evaluator.
    func scope(_ names: [(name: String, slot: Int)]) -> [String: Bindings.Binding] {
        var out: [String: Bindings.Binding] = [:]
        for (name, slot) in names { out[name] = Bindings.Binding(kind: .let, value: .number(slots[slot]), order: 0) }
        return out
    }
}
