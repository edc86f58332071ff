/// Turns a cell into tokens with exact positions (line, column in Unicode scalars).
///
/// Comments (`//`, nested `/* */`) and whitespace vanish. Newlines are kept as tokens and then filtered by
/// the line-continuation rules (`significantTokens`): a newline does not end a statement inside `( )` or
/// `[ ]`, after a binary operator or `,`, or before a line that starts with a binary operator (`+ b`, `* b`,
/// `.member`; a `-` only when followed by a space, so `-x` on its own line is a new statement).
struct Lexer {
    /// What was left open at the end of the input (for `is_complete`).
    enum Unterminated: Equatable { case string, comment }

    struct Output {
        var tokens: [Token]
        var unterminated: Unterminated?
        /// Where the unterminated string or comment started.
        var unterminatedAt: SourceLocation?
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private let base: SourceLocation

    /// `base` is where the text starts (interpolations are lexed at their position inside the cell).
    init(_ source: String, base: SourceLocation = .start) {
        scalars = Array(source.unicodeScalars)
        self.base = base
        line = base.line
        column = base.column
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: base.offset + index) }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { index + k < scalars.count ? scalars[index + k] : nil }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    /// All tokens including raw newlines. Throws only for characters that cannot start any token or bad
    /// escapes; open strings and comments are reported in `Output.unterminated`.
    mutating func tokenize() throws -> Output {
        var tokens: [Token] = []
        while let c = peek() {
            let start = location
            if c == "\n" {
                advance()
                tokens.append(Token(kind: .newline, range: SourceRange(start, location)))
                continue
            }
            if c == " " || c == "\t" || c == "\r" { advance(); markSpace(&tokens); continue }
            if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { advance() }
                markSpace(&tokens)
                continue
            }
            if c == "/" && peek(1) == "*" {
                if !skipBlockComment() { return Output(tokens: tokens, unterminated: .comment, unterminatedAt: start) }
                markSpace(&tokens)
                continue
            }
            if c == "\"" {
                guard let parts = try lexString() else {
                    return Output(tokens: tokens, unterminated: .string, unterminatedAt: start)
                }
                tokens.append(Token(kind: .string(parts), range: SourceRange(start, location)))
                continue
            }
            if c.properties.numericType != nil && ("0"..."9").contains(c) {
                tokens.append(Token(kind: .number(try lexNumber()), range: SourceRange(start, location)))
                continue
            }
            if Self.isIdentifierStart(c) {
                var name = ""
                while let d = peek(), Self.isIdentifierContinue(d) { name.unicodeScalars.append(d); advance() }
                let kind: Token.Kind = Keyword(rawValue: name).map { .keyword($0) } ?? .identifier(name)
                tokens.append(Token(kind: kind, range: SourceRange(start, location)))
                continue
            }
            if let symbol = matchSymbol() {
                for _ in symbol.rawValue.unicodeScalars { advance() }
                tokens.append(Token(kind: .symbol(symbol), range: SourceRange(start, location)))
                continue
            }
            throw LanguageError.syntax("unexpected character '\(Character(c))'", at: SourceRange(at: start))
        }
        tokens.append(Token(kind: .end, range: SourceRange(at: location)))
        return Output(tokens: tokens, unterminated: nil)
    }

    private func markSpace(_ tokens: inout [Token]) {
        if !tokens.isEmpty { tokens[tokens.count - 1].followedBySpace = true }
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.properties.isAlphabetic && !(c.properties.numericType != nil))
    }

    static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || c.properties.numericType != nil || c.properties.generalCategory == .nonspacingMark
    }

    private static let symbolScalars: [(Symbol, [Unicode.Scalar])] = Symbol.byLength.map { ($0, Array($0.rawValue.unicodeScalars)) }

    private func matchSymbol() -> Symbol? {
        for (symbol, s) in Self.symbolScalars where index + s.count <= scalars.count {
            var match = true
            for k in 0..<s.count where scalars[index + k] != s[k] { match = false; break }
            if match { return symbol }
        }
        return nil
    }

    /// Skips a (nested) block comment; false when it never closes.
    private mutating func skipBlockComment() -> Bool {
        var depth = 0
        while let c = peek() {
            if c == "/" && peek(1) == "*" { depth += 1; advance(); advance(); continue }
            if c == "*" && peek(1) == "/" {
                depth -= 1; advance(); advance()
                if depth == 0 { return true }
                continue
            }
            advance()
        }
        return false
    }

    private mutating func lexNumber() throws -> Double {
        let start = location
        var text = ""
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            advance(); advance()
            while let d = peek(), d.properties.isASCIIHexDigit || d == "_" { if d != "_" { text.unicodeScalars.append(d) }; advance() }
            guard let v = UInt64(text, radix: 16) else {
                throw LanguageError.syntax("malformed hexadecimal number", at: SourceRange(start, location))
            }
            return Double(v)
        }
        func digits() { while let d = peek(), ("0"..."9").contains(d) || d == "_" { if d != "_" { text.unicodeScalars.append(d) }; advance() } }
        digits()
        // A fraction needs a digit after the dot, so `0..<3` and `t.shape` stay what they are.
        if peek() == ".", let d = peek(1), ("0"..."9").contains(d) {
            text += "."; advance(); digits()
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), ("0"..."9").contains(d) {
                text += "e"; advance()
                if hasSign { text.unicodeScalars.append(sign!); advance() }
                digits()
            }
        }
        if let d = peek(), Self.isIdentifierStart(d) {
            throw LanguageError.syntax("malformed number: a letter follows \(text)", at: SourceRange(at: location))
        }
        guard let v = Double(text) else { throw LanguageError.syntax("malformed number \(text)", at: SourceRange(start, location)) }
        return v
    }

    /// The parts of a string literal; nil when the input ends (or a line ends) before the closing quote.
    private mutating func lexString() throws -> [RawStringPart]? {
        advance()  // opening quote
        var parts: [RawStringPart] = []
        var text = ""
        while let c = peek() {
            if c == "\n" { return nil }
            if c == "\"" {
                advance()
                if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
                return parts
            }
            if c == "\\" {
                let escapeAt = location
                advance()
                guard let e = peek() else { return nil }
                switch e {
                case "n": text += "\n"; advance()
                case "t": text += "\t"; advance()
                case "r": text += "\r"; advance()  // what papermill writes for Windows text
                case "\"": text += "\""; advance()
                case "\\": text += "\\"; advance()
                case "(":
                    advance()
                    let codeStart = location
                    var depth = 1
                    var code = ""
                    while let d = peek() {
                        if d == "\n" { return nil }
                        if d == "(" { depth += 1 }
                        if d == ")" { depth -= 1; if depth == 0 { break } }
                        if d == "\"" {  // a string inside the interpolation: copy it whole
                            code.unicodeScalars.append(d); advance()
                            while let s = peek(), s != "\"", s != "\n" {
                                if s == "\\" { code.unicodeScalars.append(s); advance(); if peek() == nil { return nil } }
                                code.unicodeScalars.append(peek()!); advance()
                            }
                            if peek() != "\"" { return nil }
                        }
                        code.unicodeScalars.append(peek()!)
                        advance()
                    }
                    if peek() == nil { return nil }
                    advance()  // ")"
                    if !text.isEmpty { parts.append(.text(text)); text = "" }
                    parts.append(.code(code, codeStart))
                default:
                    throw LanguageError.syntax("unknown escape '\\\(Character(e))' in a string (use \\n, \\t, \\r, \\\", \\\\ or \\( )",
                                               at: SourceRange(at: escapeAt))
                }
                continue
            }
            text.unicodeScalars.append(c)
            advance()
        }
        return nil
    }
}

extension Lexer {
    /// The tokens with newlines that do not end a statement removed (see the type's comment).
    static func significantTokens(_ raw: [Token]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(raw.count)
        var stack: [Symbol] = []
        for (k, token) in raw.enumerated() {
            switch token.kind {
            case .symbol(let s) where s == .leftParen || s == .leftBracket || s == .leftBrace:
                stack.append(s)
            case .symbol(let s) where s == .rightParen || s == .rightBracket || s == .rightBrace:
                if !stack.isEmpty { stack.removeLast() }
            case .newline:
                if let top = stack.last, top != .leftBrace { continue }
                guard let previous = out.last else { continue }
                if previous.kind == .newline { continue }
                if let s = previous.symbol, s.isBinaryOperator || s == .comma || s == .leftBrace { continue }
                if startsContinuation(raw, after: k) { continue }
            default: break
            }
            out.append(token)
        }
        return out
    }

    /// Whether the first token after the newline at `k` continues the previous line.
    private static func startsContinuation(_ raw: [Token], after k: Int) -> Bool {
        var j = k + 1
        while j < raw.count, raw[j].kind == .newline { j += 1 }
        guard j < raw.count, let s = raw[j].symbol else { return false }
        switch s {
        case .plus, .minus: return raw[j].followedBySpace
        case .star, .slash, .percent, .caret, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
             .and, .or, .halfOpenRange, .closedRange, .dot: return true
        default: return false
        }
    }
}
