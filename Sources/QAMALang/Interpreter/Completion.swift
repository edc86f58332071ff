import JupyterKernel

/// `complete_request`: after `.` the members of the bound value; inside a call's parentheses the labeled
/// arguments of that builtin (`sa(re` → `reads:`) first; otherwise bound names, builtins and keywords.
/// Offsets are Unicode scalar offsets, as the protocol counts them.
struct Completion {
    let session: Session
    let builtins: BuiltinTable

    func complete(code: String, cursor: Int) -> CompletionResult {
        let scalars = Array(code.unicodeScalars)
        let end = max(0, min(cursor, scalars.count))
        var start = end
        while start > 0, Lexer.isIdentifierContinue(scalars[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<end]))

        // Members after `name.`
        if start > 0, scalars[start - 1] == "." {
            var nameStart = start - 1
            while nameStart > 0, Lexer.isIdentifierContinue(scalars[nameStart - 1]) { nameStart -= 1 }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<(start - 1)]))
            let members = value(named: name).map(Members.names) ?? []
            let matches = members.filter { $0.hasPrefix(prefix) }.sorted()
            return CompletionResult(matches: matches, cursorStart: start, cursorEnd: end,
                                    types: matches.map { (text: $0, type: "property", signature: "") })
        }

        var matches: [String] = []
        var types: [(text: String, type: String, signature: String)] = []
        if let callee = enclosingCall(scalars, before: start), let builtin = builtins[callee] {
            for label in builtin.labels where label.hasPrefix(prefix) {
                matches.append(label + ":")
                types.append((text: label + ":", type: "param", signature: builtin.signature))
            }
        }
        let bound = session.bindings.orderedNames.filter { $0.hasPrefix(prefix) }.sorted()
        for name in bound {
            matches.append(name)
            types.append((text: name, type: session.bindings[name]?.kind == .func ? "function" : "instance", signature: ""))
        }
        for name in builtins.names where name.hasPrefix(prefix) && !bound.contains(name) {
            matches.append(name)
            types.append((text: name, type: "function", signature: builtins[name]?.signature ?? ""))
        }
        if !prefix.isEmpty {
            for k in Keyword.allCases where k.rawValue.hasPrefix(prefix) && !matches.contains(k.rawValue) {
                matches.append(k.rawValue)
                types.append((text: k.rawValue, type: "keyword", signature: ""))
            }
        }
        return CompletionResult(matches: matches, cursorStart: start, cursorEnd: end, types: types)
    }

    private func value(named name: String) -> Value? {
        guard let b = session.bindings[name] else { return nil }
        return b.kind == .param ? .param(name) : b.value
    }

    /// The identifier before the innermost `(` that is still open at `position` (strings skipped).
    private func enclosingCall(_ s: [Unicode.Scalar], before position: Int) -> String? {
        var stack: [Int] = []
        var inString = false
        var k = 0
        while k < position {
            let c = s[k]
            if inString {
                if c == "\\" { k += 1 } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "(" || c == "[" {
                stack.append(c == "(" ? k : -1)
            } else if c == ")" || c == "]" {
                if !stack.isEmpty { stack.removeLast() }
            }
            k += 1
        }
        guard let open = stack.last, open >= 0 else { return nil }
        var nameEnd = open
        while nameEnd > 0, s[nameEnd - 1] == " " { nameEnd -= 1 }
        var nameStart = nameEnd
        while nameStart > 0, Lexer.isIdentifierContinue(s[nameStart - 1]) { nameStart -= 1 }
        guard nameStart < nameEnd else { return nil }
        return String(String.UnicodeScalarView(s[nameStart..<nameEnd]))
    }
}
