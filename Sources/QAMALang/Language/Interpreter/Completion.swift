import JupyterKernel

/// `complete_request`: after `.` the members of the bound value; inside a call's parentheses the labeled
/// arguments of that builtin not given yet (`sa(re` → `reads:`) first, and after a label that takes one of
/// a few strings (`sb(mode: `) those strings; otherwise bound names, builtins and keywords. A prefix that
/// matches nothing offers the names closest by edit distance (`slove` → `solve`). Offsets are Unicode
/// scalar offsets, as the protocol counts them.
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

        let call = enclosingCall(scalars, before: start)
        let builtin = call.flatMap { builtins[$0.name] }
        // A string choice after `label: ` (with or without an opening quote typed).
        if let call, let builtin, let result = choiceCompletion(scalars, start: start, end: end, call: call, builtin: builtin) {
            return result
        }

        var matches: [String] = []
        var types: [(text: String, type: String, signature: String)] = []
        if let call, let builtin {
            let given = givenLabels(scalars, from: call.open + 1, to: start)
            for label in builtin.labels where label.hasPrefix(prefix) && !given.contains(label) {
                matches.append(label + ":")
                types.append((text: label + ":", type: "argument", signature: builtin.signature))
            }
        }
        let bound = session.bindings.orderedNames.filter { $0.hasPrefix(prefix) }.sorted()
        for name in bound {
            matches.append(name)
            types.append((text: name, type: kind(of: name), signature: ""))
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
        // Nothing starts with what was typed: offer what it is probably a misspelling of, closest first.
        if matches.isEmpty && prefix.count >= 3 {
            let names = session.bindings.orderedNames + builtins.names
            for name in NameSuggestion.ranked(prefix, among: names) {
                matches.append(name)
                types.append((text: name, type: session.bindings[name] != nil ? kind(of: name) : "function",
                              signature: builtins[name]?.signature ?? ""))
            }
        }
        return CompletionResult(matches: matches, cursorStart: start, cursorEnd: end, types: types)
    }

    /// What a bound name is, in the language's words: "function", "param" (a penalty weight), or its value's
    /// type ("Tensor", "Model", "Number", …) for a let or var.
    private func kind(of name: String) -> String {
        guard let binding = session.bindings[name] else { return "function" }
        switch binding.kind {
        case .func: return "function"
        case .param: return "param"
        case .let, .var: return binding.value.typeName
        }
    }

    /// After `label:` (spaces allowed) of a label with string choices: those choices, quoted, that start with
    /// what was typed (`"ba` → `"ballistic"`).
    private func choiceCompletion(_ s: [Unicode.Scalar], start: Int, end: Int, call: (name: String, open: Int),
                                  builtin: Builtin) -> CompletionResult? {
        var from = start
        if from > 0, s[from - 1] == "\"" { from -= 1 }
        var k = from
        while k > 0, s[k - 1] == " " { k -= 1 }
        guard k > 0, s[k - 1] == ":" else { return nil }
        var labelStart = k - 1
        while labelStart > 0, Lexer.isIdentifierContinue(s[labelStart - 1]) { labelStart -= 1 }
        let label = String(String.UnicodeScalarView(s[labelStart..<(k - 1)]))
        guard let choices = builtin.choices[label] else { return nil }
        let typed = String(String.UnicodeScalarView(s[from..<end]))
        let matches = choices.map { "\"\($0)\"" }.filter { $0.hasPrefix(typed) || typed.isEmpty }
        return CompletionResult(matches: matches, cursorStart: from, cursorEnd: end,
                                types: matches.map { (text: $0, type: "text", signature: builtin.signature) })
    }

    /// The labels already written at the call's top level between `from` and `to` (`sa(reads: 4, ` → reads).
    private func givenLabels(_ s: [Unicode.Scalar], from: Int, to: Int) -> Set<String> {
        var out = Set<String>()
        var depth = 0, inString = false, k = from
        while k < to {
            let c = s[k]
            if inString {
                if c == "\\" { k += 1 } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "(" || c == "[" {
                depth += 1
            } else if c == ")" || c == "]" {
                depth -= 1
            } else if c == ":", depth == 0 {
                var b = k
                while b > from, s[b - 1] == " " { b -= 1 }
                var a = b
                while a > from, Lexer.isIdentifierContinue(s[a - 1]) { a -= 1 }
                if a < b { out.insert(String(String.UnicodeScalarView(s[a..<b]))) }
            }
            k += 1
        }
        return out
    }

    private func value(named name: String) -> Value? {
        guard let b = session.bindings[name] else { return nil }
        return b.kind == .param ? .param(name) : b.value
    }

    /// The identifier before the innermost `(` that is still open at `position` (strings skipped), and
    /// where that `(` is.
    private func enclosingCall(_ s: [Unicode.Scalar], before position: Int) -> (name: String, open: Int)? {
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
        return (String(String.UnicodeScalarView(s[nameStart..<nameEnd])), open)
    }
}
