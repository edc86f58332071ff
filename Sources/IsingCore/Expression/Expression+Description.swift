import NumberText

extension Expression: CustomStringConvertible {
    /// Terms in id order (linear, then quadratic), e.g. `2*x[0] - x[0]*x[1] + (1 + γ)*x[2] + 3`;
    /// long expressions are cut after `maxTerms` terms with a count of the rest.
    public func text(maxTerms: Int = 12) -> String {
        func name(_ id: Int) -> String { registry?.name(of: id) ?? "v\(id)" }
        func term(_ c: ParamLinear, _ factors: String) -> String {
            if c.isConstant {
                let v = c.constant
                if v == 1 { return factors }
                if v == -1 { return "-" + factors }
                return "\(NumberFormat.format(v))*\(factors)"
            }
            if c.constant == 0 && c.terms.count == 1 { return "\(c)*\(factors)" }
            return "(\(c))*\(factors)"
        }
        var parts: [String] = []
        let total = termCount + (offset.isZero ? 0 : 1)
        for id in linear.keys.sorted() where parts.count < maxTerms { parts.append(term(linear[id]!, name(id))) }
        if parts.count < maxTerms {
            for p in quadratic.keys.sorted() where parts.count < maxTerms {
                parts.append(term(quadratic[p]!, "\(name(p.first))*\(name(p.second))"))
            }
        }
        if !offset.isZero && parts.count < maxTerms { parts.append(offset.isConstant ? NumberFormat.format(offset.constant) : "(\(offset))") }
        if parts.isEmpty { return "0" }
        var s = parts[0]
        for p in parts.dropFirst() { s += p.hasPrefix("-") ? " - " + p.dropFirst() : " + " + p }
        if total > parts.count { s += " + … (\(total - parts.count) more terms)" }
        return s
    }

    public var description: String { text() }
}
