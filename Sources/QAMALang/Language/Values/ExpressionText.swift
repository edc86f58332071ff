import IsingCore

/// `text/plain` of an Expr: the polynomial itself when it is small (`2*x[0] + λ*x[0]*x[1] - 1`), terms in
/// variable order, otherwise a one-line summary (degree, term counts, params).
enum ExpressionText {
    static let maximumTerms = 12

    static func describe(_ e: Expression) -> String {
        if e.termCount > maximumTerms {
            var s = "Expr of degree \(e.degree): \(e.linearCount) linear, \(e.quadraticCount) quadratic terms"
            if !e.params.isEmpty { s += ", params " + e.params.joined(separator: ", ") }
            if !e.penalties.isEmpty { s += ", \(e.penalties.count) constraint\(e.penalties.count == 1 ? "" : "s")" }
            return s
        }
        guard let registry = e.registry else { return e.offset.description }
        var parts: [String] = []
        func term(_ c: ParamLinear, _ monomial: String) {
            if c.isConstant {
                let x = c.constant
                parts.append(x == 1 ? monomial : x == -1 ? "-" + monomial : NumberFormat.format(x) + "*" + monomial)
            } else if c.terms.count == 1 && c.constant == 0 {
                let t = c.terms[0]
                let k = t.coefficient == 1 ? "" : t.coefficient == -1 ? "-" : NumberFormat.format(t.coefficient) + "*"
                parts.append(k + t.param + "*" + monomial)
            } else {
                parts.append("(" + c.description + ")*" + monomial)
            }
        }
        for id in e.linear.keys.sorted() { term(e.linear[id]!, registry.name(of: id)) }
        for pair in e.quadratic.keys.sorted() {
            term(e.quadratic[pair]!, registry.name(of: pair.first) + "*" + registry.name(of: pair.second))
        }
        if !e.offset.isZero {
            let o = e.offset
            parts.append(o.isConstant ? NumberFormat.format(o.constant) : o.constant == 0 && o.terms.count == 1 ? o.description : "(" + o.description + ")")
        }
        if parts.isEmpty { return "0" }
        return parts.joined(separator: " + ").replacingOccurrences(of: "+ -", with: "- ")
    }
}
