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

    var isTerms: Bool { if case .terms = self { true } else { false } }
}

/// Term-stack arithmetic with the evaluator's exact semantics (IsingCore's `Expression` operators). Every
/// symbolic value on the stack is kept canonical — one term per (variables, param) key, in key order, no
/// zeros — as an `Expression` keeps its terms merged; a product visits the operands' terms in the order
/// `Expression.multiplied(by:)` does, so every coefficient is summed in the same order and comes out the
/// same to the last bit. Squares fold (binary x·x = x, spin s·s = 1), a coefficient holds at most one param,
/// a scale by 0 leaves nothing. What it cannot reproduce (degree 3, two params) it bails on.
enum TermArithmetic {
    /// Multiplies every term from `start` on by `s`; by 0 they vanish, as `Expression * 0` is empty.
    @inline(__always)
    static func scale(_ f: KernelFrame, from start: Int, by s: Double) {
        if s == 0 { f.count = start; return }
        for k in start..<f.count { f.terms[k].c = f.terms[k].c * s }
    }

    /// Orders terms as an expression visits them: the constant, then linear terms by id, then quadratic
    /// terms by pair; a key's param parts after its constant part.
    @inline(__always)
    static func precedes(_ x: KernelTerm, _ y: KernelTerm) -> Bool {
        let kx = x.a < 0 ? 0 : x.b < 0 ? 1 : 2, ky = y.a < 0 ? 0 : y.b < 0 ? 1 : 2
        if kx != ky { return kx < ky }
        if x.a != y.a { return x.a < y.a }
        if x.b != y.b { return x.b < y.b }
        return x.param < y.param
    }

    /// Sorts the terms from `start` on (stably: equal keys keep the order their contributions arrived in),
    /// sums equal keys in that order and drops zeros — what adding them one by one to an `Expression` does.
    static func canonicalize(_ f: KernelFrame, from start: Int) {
        let n = f.count - start
        if n == 0 { return }
        if n == 1 {
            if f.terms[start].c == 0 { f.count = start }
            return
        }
        var smallIDs = true  // ids below 2³¹ pack into one sortable word
        for k in start..<f.count where f.terms[k].a >= 1 << 31 || f.terms[k].b >= 1 << 31 { smallIDs = false; break }
        if n <= 32 || !smallIDs {
            for k in (start + 1)..<f.count {
                let t = f.terms[k]
                var p = k
                while p > start && precedes(t, f.terms[p - 1]) { f.terms[p] = f.terms[p - 1]; p -= 1 }
                f.terms[p] = t
            }
        } else {
            // Packed keys in `precedes` order (kind, a, b; then param), and the position for stability.
            var order: [(UInt64, Int32, Int)] = []
            order.reserveCapacity(n)
            for k in start..<f.count {
                let t = f.terms[k]
                let kind: UInt64 = t.a < 0 ? 0 : t.b < 0 ? 1 : 2
                order.append((kind << 62 | UInt64(max(0, t.a)) << 31 | UInt64(max(0, t.b)), t.param, k))
            }
            order.sort { $0 < $1 }
            let copy = order.map { f.terms[$0.2] }
            for (k, t) in copy.enumerated() { f.terms[start + k] = t }
        }
        var w = start
        for r in start..<f.count {
            if w > start && f.terms[w - 1].sameKey(f.terms[r]) {
                f.terms[w - 1].c += f.terms[r].c
            } else {
                f.terms[w] = f.terms[r]
                w += 1
            }
        }
        var z = start
        for r in start..<w where f.terms[r].c != 0 {
            f.terms[z] = f.terms[r]
            z += 1
        }
        f.count = z
    }

    /// Replaces the canonical operands [ls, rs) and [rs, count) by their canonical product, visiting them as
    /// `Expression.multiplied(by:)` does: a constant operand scales the other; otherwise the constant parts
    /// times the other's terms, then linear × linear in key order, then the quadratic terms' products.
    static func multiply(_ f: KernelFrame, _ ls: Int, _ rs: Int) throws {
        let end = f.count
        if rs - ls == 1 && end - rs == 1 {
            // One term times one term (a chain such as w[i, j] * x[i] * x[j]): one product, nothing to merge.
            let p = try product(f.terms[ls], f.terms[rs])
            f.terms[ls] = p
            f.count = p.c == 0 ? ls : ls + 1
            return
        }
        // Each operand's constant part, linear terms and quadratic terms are consecutive (canonical order).
        func split(_ lo: Int, _ hi: Int) -> (constant: Range<Int>, linear: Range<Int>, quadratic: Range<Int>, params: Bool) {
            var c = lo
            while c < hi && f.terms[c].a < 0 { c += 1 }
            var l = c
            while l < hi && f.terms[l].b < 0 { l += 1 }
            var params = false
            for k in lo..<hi where f.terms[k].param >= 0 { params = true; break }
            return (lo..<c, c..<l, l..<hi, params)
        }
        let a = split(ls, rs), b = split(rs, end)
        @inline(__always) func pushProducts(_ xs: Range<Int>, _ ys: Range<Int>) throws {
            for i in xs { for j in ys { f.push(try product(f.terms[i], f.terms[j])) } }
        }
        let bConstant = b.linear.isEmpty && b.quadratic.isEmpty, aConstant = a.linear.isEmpty && a.quadratic.isEmpty
        if bConstant || aConstant {
            // `scaled(by:)`: each term times the constant, once per key (no sums, so the order is free).
            if a.params && b.params { throw KernelBail() }
            try pushProducts(ls..<rs, rs..<end)
        } else {
            if a.params && b.params { throw KernelBail() }  // "coefficients must be linear in params"
            try pushProducts(a.constant, b.linear)
            try pushProducts(a.constant, b.quadratic)
            try pushProducts(a.linear, b.constant)
            try pushProducts(a.quadratic, b.constant)
            try pushProducts(a.constant, b.constant)
            try pushProducts(a.linear, b.linear)
            for p in a.quadratic {
                for j in b.linear { f.push(try product(f.terms[p], f.terms[j])) }
                for r in b.quadratic { f.push(try product(f.terms[p], f.terms[r])) }
            }
            try pushProducts(b.quadratic, a.linear)
        }
        f.moveDown(from: end, to: ls)
        canonicalize(f, from: ls)
    }

    @inline(__always)
    static func product(_ x: KernelTerm, _ y: KernelTerm) throws -> KernelTerm {
        if x.param >= 0 && y.param >= 0 { throw KernelBail() }
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
