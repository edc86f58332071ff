import JupyterKernel

/// `is_complete`: incomplete when a bracket, a string or a block comment is open, or the last line ends with
/// an operator or `,` (indent: 4 spaces per open `{`); invalid when the cell cannot parse for any other
/// reason; complete otherwise.
enum Completeness {
    static func check(_ code: String) -> CompletenessStatus {
        var lexer = Lexer(code)
        let lexed: Lexer.Output
        do { lexed = try lexer.tokenize() } catch { return .invalid }
        var braces = 0
        var depth = 0
        for token in lexed.tokens {
            switch token.symbol {
            case .leftBrace?: braces += 1; depth += 1
            case .rightBrace?: braces -= 1; depth -= 1
            case .leftParen?, .leftBracket?: depth += 1
            case .rightParen?, .rightBracket?: depth -= 1
            default: break
            }
            if depth < 0 { return .invalid }
        }
        let indent = String(repeating: "    ", count: max(0, braces))
        if lexed.unterminated != nil { return .incomplete(indent: indent) }
        if depth > 0 { return .incomplete(indent: indent) }
        if let last = lexed.tokens.last(where: { $0.kind != .newline && $0.kind != .end }), let s = last.symbol,
           s.isBinaryOperator || s == .comma || s == .bang || s == .dot {
            return .incomplete(indent: indent)
        }
        do { _ = try Parser.parse(code) } catch { return .invalid }
        return .complete
    }
}
