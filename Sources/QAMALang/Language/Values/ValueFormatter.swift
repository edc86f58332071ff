import Foundation

/// `text/plain` of core values. Numbers follow `NumberFormat`; a vector prints like an array (`[1, 2.5]`);
/// higher-rank tensors print NumPy-style nested brackets under a `Tensor 2×3` header, elements in 6 significant digits and columns aligned, with axes longer
/// than 6 summarised as first 3, `…`, last 3.
enum ValueFormatter {
    static func plain(_ v: Value) -> String {
        switch v {
        case .number(let x): return NumberFormat.format(x)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quoted(s)
        case .array(let items): return "[" + items.map(plain).joined(separator: ", ") + "]"
        case .range(let r): return r.description
        case .tensor(let t): return tensor(t)
        case .variables(let x):
            return "Variables \(x.name): \(Tensor.dimensions(x.shape)) \(x.vartype.rawValue)"
        case .expr(let e): return ExpressionText.describe(e)
        case .param(let name): return name
        case .relation(let r):
            return ExpressionText.describe(r.lhs) + " " + r.op.rawValue + " " + ExpressionText.describe(r.rhs)
        case .function(let f): return f.signature
        case .library(let d): return d.plainText
        case .nothing: return ""
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    /// A tensor element: integers exactly, others in 6 significant digits.
    static func element(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return NumberFormat.format(x) }
        if x.isNaN || x.isInfinite { return NumberFormat.format(x) }
        // C's %.6g with the exponent's leading zero dropped ("1.5e-7", "2.5e+6").
        return NumberFormat.g(x, precision: 6, exponentDigits: 1)
    }

    static func tensor(_ t: Tensor) -> String {
        if t.rank == 0 { return NumberFormat.format(t.storage[0]) }
        // Which indices show on each axis (nil = the "…" marker).
        let shown: [[Int?]] = t.shape.map { n in n > 6 ? [0, 1, 2, nil, n - 3, n - 2, n - 1] : (0..<n).map { $0 } }
        if t.rank == 1 {
            // A vector reads like an array literal: `[0.5, 8]`.
            return "[" + shown[0].map { i in i.map { element(t.storage[$0]) } ?? "…" }.joined(separator: ", ") + "]"
        }
        let header = "Tensor \(Tensor.dimensions(t.shape))"
        if t.count == 0 { return header + "\n[]" }
        var width = 0
        let strides = t.strides
        func visitElements(_ axis: Int, _ base: Int, _ f: (Double) -> Void) {
            for i in shown[axis] {
                guard let i else { continue }
                let offset = base + i * strides[axis]
                if axis == t.rank - 1 { f(t.storage[offset]) } else { visitElements(axis + 1, offset, f) }
            }
        }
        visitElements(0, 0) { width = max(width, element($0).count) }
        func pad(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        func render(_ axis: Int, _ base: Int, _ indent: Int) -> String {
            if axis == t.rank - 1 {
                let parts = shown[axis].map { i in i.map { pad(element(t.storage[base + $0 * strides[axis]])) } ?? "…" }
                return "[" + parts.joined(separator: ", ") + "]"
            }
            let separator = ",\n" + String(repeating: "\n", count: t.rank - axis - 2) + String(repeating: " ", count: indent + 1)
            let parts = shown[axis].map { i in i.map { render(axis + 1, base + $0 * strides[axis], indent + 1) } ?? "…" }
            return "[" + parts.joined(separator: separator) + "]"
        }
        return header + "\n" + render(0, 0, 0)
    }
}
