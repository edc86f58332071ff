import IsingCore

typealias NumberKernel = (KernelFrame) throws -> Double
typealias BoolKernel = (KernelFrame) throws -> Bool
/// Pushes the terms of a symbolic value onto the frame's term stack.
typealias TermsKernel = (KernelFrame) throws -> Void

/// A node of a comprehension body or loop statement, compiled for the values it will see: what the node
/// computes is known from the bindings when the sum starts (bindings cannot change while an expression is
/// evaluated), so each kind gets a closure that does only its own arithmetic.
enum Kernel {
    case constant(Double)
    case number(NumberKernel)
    case bool(BoolKernel)
    case terms(TermsKernel)
    /// A value known when compiling that is only ever indexed or called (a tensor, a block of variables, a
    /// function).
    case value(Value)

    var numberKernel: NumberKernel? {
        switch self {
        case .constant(let x): { _ in x }
        case .number(let k): k
        default: nil
        }
    }

    /// The value as terms: a number becomes a constant term (as the evaluator turns a Number next to an Expr
    /// into a constant expression).
    var termsKernel: TermsKernel? {
        switch self {
        case .terms(let k): return k
        case .constant(let x): return { $0.push(.constant(x)) }
        case .number(let k): return { $0.push(.constant(try k($0))) }
        default: return nil
        }
    }

    var isNumeric: Bool {
        switch self {
        case .constant, .number: true
        default: false
        }
    }

    var isTerms: Bool { if case .terms = self { true } else { false } }
}

/// Term-stack arithmetic with the evaluator's exact semantics (IsingCore's `Expression` operators):
/// products fold squares (binary x·x = x, spin s·s = 1), a coefficient holds at most one param, and a
/// scale by 0 leaves nothing. What it cannot reproduce exactly it bails on.
enum TermArithmetic {
    /// Multiplies every term from `start` on by `s`; by 0 they vanish, as `Expression * 0` is empty.
    @inline(__always)
    static func scale(_ f: KernelFrame, from start: Int, by s: Double) {
        if s == 0 { f.count = start; return }
        for k in start..<f.count { f.terms[k].c = f.terms[k].c * s }
    }

    /// Replaces the terms [ls, rs) and [rs, count) by their product.
    static func multiply(_ f: KernelFrame, _ ls: Int, _ rs: Int) throws {
        let end = f.count
        for i in ls..<rs {
            for j in rs..<end {
                let x = f.terms[i], y = f.terms[j]
                if x.param >= 0 && y.param >= 0 { throw KernelBail() }
                f.push(try product(x, y))
            }
        }
        f.moveDown(from: end, to: ls)
    }

    @inline(__always)
    static func product(_ x: KernelTerm, _ y: KernelTerm) throws -> KernelTerm {
        let c = x.c * y.c
        let param = x.param >= 0 ? x.param : y.param
        // The (at most four) variables, folded.
        var ids = (x.a, x.b, y.a, y.b)
        var spin = (x.spins & 1 != 0, x.spins & 2 != 0, y.spins & 1 != 0, y.spins & 2 != 0)
        var n = 0
        var outIDs = (0, 0, 0, 0), outSpin = (false, false, false, false)
        withUnsafeMutableBytes(of: &ids) { idBytes in
            withUnsafeMutableBytes(of: &spin) { spinBytes in
                withUnsafeMutableBytes(of: &outIDs) { oi in
                    withUnsafeMutableBytes(of: &outSpin) { os in
                        let id = idBytes.bindMemory(to: Int.self), sp = spinBytes.bindMemory(to: Bool.self)
                        let o = oi.bindMemory(to: Int.self), osp = os.bindMemory(to: Bool.self)
                        for k in 0..<4 where id[k] >= 0 {
                            // Insert in order; an equal id folds: binary keeps one, two spins cancel.
                            var p = 0
                            while p < n && o[p] < id[k] { p += 1 }
                            if p < n && o[p] == id[k] {
                                if sp[k] {
                                    for q in p..<(n - 1) { o[q] = o[q + 1]; osp[q] = osp[q + 1] }
                                    n -= 1
                                }
                                continue
                            }
                            var q = n
                            while q > p { o[q] = o[q - 1]; osp[q] = osp[q - 1]; q -= 1 }
                            o[p] = id[k]; osp[p] = sp[k]
                            n += 1
                        }
                    }
                }
            }
        }
        switch n {
        case 0: return KernelTerm(c: c, param: param, spins: 0, a: -1, b: -1)
        case 1: return KernelTerm(c: c, param: param, spins: outSpin.0 ? 1 : 0, a: outIDs.0, b: -1)
        case 2: return KernelTerm(c: c, param: param, spins: (outSpin.0 ? 1 : 0) | (outSpin.1 ? 2 : 0), a: outIDs.0, b: outIDs.1)
        default: throw KernelBail()  // degree 3 or more: the evaluator names the term in its error
        }
    }
}
