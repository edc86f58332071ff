import JupyterKernel

/// `inspect_request`: for the name under (or just before) the cursor, a builtin's signature and doc, a user
/// function's definition, or a binding's type, shape and summary. nil when nothing is known there.
struct Inspection {
    let session: Session
    let builtins: BuiltinTable

    func inspect(code: String, cursor: Int, detailLevel: Int) -> MimeBundle? {
        let s = Array(code.unicodeScalars)
        var end = max(0, min(cursor, s.count))
        // Inside `sa(` with the cursor after the parenthesis: inspect the callee.
        if end > 0, end <= s.count, !(end < s.count && Lexer.isIdentifierContinue(s[end])),
           !(Lexer.isIdentifierContinue(s[end - 1])), s[end - 1] == "(" { end -= 1 }
        var start = end
        while start > 0, Lexer.isIdentifierContinue(s[start - 1]) { start -= 1 }
        while end < s.count, Lexer.isIdentifierContinue(s[end]) { end += 1 }
        guard start < end else { return nil }
        let name = String(String.UnicodeScalarView(s[start..<end]))
        if let b = session.bindings[name] {
            let v = b.kind == .param ? Value.param(name) : b.value
            var text = "\(name): \(v.typeName) (\(b.kind.rawValue))"
            switch v {
            case .tensor(let t): text += "\nshape: \(Tensor.describe(shape: t.shape))"
            case .variables(let x): text += "\nshape: \(Tensor.describe(shape: x.shape)), \(x.vartype.rawValue)"
            default: break
            }
            text += "\n" + (detailLevel > 0 ? v.plainText : Summary.of(v, session: session))
            if case .function(let f) = v { text = f.signature }
            return ["text/plain": text]
        }
        if let builtin = builtins[name] { return ["text/plain": builtin.signature + "\n\n" + builtin.doc] }
        return nil
    }
}
