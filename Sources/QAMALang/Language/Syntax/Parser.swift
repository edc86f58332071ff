/// Recursive-descent parser for a cell. Precedence, low to high: `||`; `&&`; comparisons; `..<` `...`;
/// `+ -`; `* / %`; unary `-` `!`; `^` (right-associative, binds tighter than unary minus, so `-x^2` is
/// `-(x^2)`); postfix call, index, member.
///
/// Nesting is bounded (`NestingLimit`): every recursive entry (`expression`, `unary`, a block) counts one
/// level and checks the thread's stack, so `((((…))))` 2,000 deep is a SyntaxError, not a stack overflow.
/// Left-associative chains (`1+1+…+1`, `a.b.c…`) are loops here, bounded in length by `maxChain`.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    private let source: [Unicode.Scalar]
    /// Current nesting level; string interpolations continue the level of the string they sit in.
    private var depth = 0
    private let stack = StackGuard()

    /// Parses a whole cell.
    static func parse(_ source: String) throws -> Program {
        var lexer = Lexer(source)
        let lexed = try lexer.tokenize()
        if let open = lexed.unterminated {
            let what = open == .string ? "unterminated string literal" : "unterminated block comment: /* is never closed"
            throw LanguageError.syntax(what, at: lexed.unterminatedAt.map { SourceRange(at: $0) })
        }
        var parser = Parser(tokens: Lexer.significantTokens(lexed.tokens), source: source)
        return try parser.program()
    }

    /// Parses one expression (`user_expressions`).
    /// `endName` is what the end of the text is called in errors ("the end of the cell"; a solver expression
    /// given to `qama solve-qubo` is not a cell).
    static func parseExpression(_ source: String, endName: String = "the end of the cell") throws -> ExprNode {
        try parseExpression(source, base: .start, cell: Array(source.unicodeScalars), depth: 0, endName: endName)
    }

    /// Parses one expression starting at `base` inside `cell` (an interpolation `\( … )`); `cell` is shared,
    /// not copied, so a cell with many interpolations stays linear.
    private static func parseExpression(_ source: String, base: SourceLocation, cell: [Unicode.Scalar], depth: Int,
                                        endName: String = "the end of the cell") throws -> ExprNode {
        var lexer = Lexer(source, base: base)
        let lexed = try lexer.tokenize()
        if lexed.unterminated != nil {
            throw LanguageError.syntax("unterminated string or comment", at: lexed.unterminatedAt.map { SourceRange(at: $0) })
        }
        var parser = Parser(tokens: Lexer.significantTokens(lexed.tokens).filter { $0.kind != .newline }, scalars: cell)
        parser.depth = depth
        parser.endName = endName
        let e = try parser.expression()
        guard parser.current.kind == .end else { throw parser.unexpected("after the expression") }
        return e
    }

    private init(tokens: [Token], source: String) {
        self.init(tokens: tokens, scalars: Array(source.unicodeScalars))
    }

    /// What the end of the text is called in "found …" errors.
    private var endName = "the end of the cell"

    private init(tokens: [Token], scalars: [Unicode.Scalar]) {
        self.tokens = tokens
        self.source = scalars
    }

    // MARK: token helpers

    private var current: Token { tokens[position] }
    private func peekToken(_ k: Int = 1) -> Token { tokens[min(position + k, tokens.count - 1)] }
    private mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }
    private func at(_ s: Symbol) -> Bool { current.symbol == s }
    private func at(_ k: Keyword) -> Bool { current.keyword == k }

    private mutating func expect(_ s: Symbol, _ context: String) throws -> Token {
        guard at(s) else { throw unexpected("expected '\(s.rawValue)' \(context)") }
        return advance()
    }

    private mutating func expectIdentifier(_ context: String) throws -> (String, SourceRange) {
        guard let name = current.identifier else { throw unexpected("expected a name \(context)") }
        let t = advance()
        return (name, t.range)
    }

    func unexpected(_ message: String) -> LanguageError {
        let found: String
        switch current.kind {
        case .end: found = endName
        case .newline: found = "the end of the line"
        case .number(let x): found = NumberFormat.format(x)
        case .string: found = "a string"
        case .identifier(let s): found = "'\(s)'"
        case .keyword(let k): found = "'\(k.rawValue)'"
        case .symbol(let s): found = "'\(s.rawValue)'"
        }
        return .syntax("\(message), found \(found)", at: current.range)
    }

    private func text(_ range: SourceRange) -> String {
        let lo = max(0, min(range.start.offset, source.count)), hi = max(lo, min(range.end.offset, source.count))
        var s = ""
        s.unicodeScalars.append(contentsOf: source[lo..<hi])
        return s
    }

    // MARK: nesting

    /// Enters one nesting level (left again by `leave()`), refusing when the cell nests too deeply.
    private mutating func enter() throws {
        depth += 1
        guard depth <= NestingLimit.maxDepth, stack.hasRoom else { throw NestingLimit.tooDeep(at: current.range) }
    }

    private mutating func leave() { depth -= 1 }

    private func checkChain(_ links: Int) throws {
        guard links <= NestingLimit.maxChain else {
            throw LanguageError.syntax("more than \(NestingLimit.maxChain) operations in one chain; split it with let", at: current.range)
        }
    }

    // MARK: statements

    private mutating func program() throws -> Program {
        var statements: [Statement] = []
        skipSeparators()
        while current.kind != .end {
            statements.append(try statement())
            guard current.kind == .newline || at(.semicolon) || current.kind == .end else {
                throw unexpected("expected a new line or ';' after the statement")
            }
            statements[statements.count - 1].endsWithSemicolon = at(.semicolon)
            skipSeparators()
        }
        return Program(statements: statements, suppressesResult: endsWithSemicolon())
    }

    /// True when the last significant token before the end is `;` (newlines after it allowed).
    private func endsWithSemicolon() -> Bool {
        var k = tokens.count - 2
        while k >= 0, tokens[k].kind == .newline { k -= 1 }
        return k >= 0 && tokens[k].symbol == .semicolon
    }

    private mutating func skipSeparators() { while current.kind == .newline || at(.semicolon) { _ = advance() } }

    private mutating func block(_ context: String) throws -> [Statement] {
        _ = try expect(.leftBrace, context)
        try enter()
        defer { leave() }
        var body: [Statement] = []
        skipSeparators()
        while !at(.rightBrace) {
            if current.kind == .end { throw unexpected("expected '}' to close the block") }
            body.append(try statement())
            guard current.kind == .newline || at(.semicolon) || at(.rightBrace) else {
                throw unexpected("expected a new line or ';' after the statement")
            }
            skipSeparators()
        }
        _ = advance()
        return body
    }

    private mutating func statement() throws -> Statement {
        let start = current.range
        switch current.keyword {
        case .let?, .var?, .param?:
            let kind: Bindings.Kind = at(.let) ? .let : at(.var) ? .var : .param
            _ = advance()
            let (name, nameRange) = try expectIdentifier("after '\(kind.rawValue)'")
            _ = try expect(.assign, "after the name in '\(kind.rawValue) \(name)'")
            let value = try expression()
            return Statement(kind: .binding(kind, name: name, nameRange: nameRange, value: value), range: start.union(value.range))
        case .func?:
            _ = advance()
            let (name, _) = try expectIdentifier("after 'func'")
            _ = try expect(.leftParen, "after the function name")
            var parameters: [String] = []
            while !at(.rightParen) {
                let (p, pRange) = try expectIdentifier("for a parameter")
                if parameters.contains(p) { throw LanguageError.syntax("the parameter '\(p)' appears twice", at: pRange) }
                parameters.append(p)
                if !at(.rightParen) { _ = try expect(.comma, "between parameters") }
            }
            _ = advance()
            _ = try expect(.assign, "before the function body (func f(a) = expression)")
            let body = try expression()
            return Statement(kind: .function(name: name, parameters: parameters, body: body, bodySource: text(body.range)),
                             range: start.union(body.range))
        case .for?:
            _ = advance()
            let (name, _) = try expectIdentifier("after 'for'")
            guard at(.in) else { throw unexpected("expected 'in' after 'for \(name)'") }
            _ = advance()
            let sequence = try expression()
            let body = try block("to open the loop body")
            return Statement(kind: .forLoop(variable: name, sequence: sequence, body: body), range: start.union(sequence.range))
        case .if?:
            return try ifStatement()
        default:
            let e = try expression()
            if at(.assign) {
                guard case .identifier(let name) = e.kind else {
                    throw LanguageError.syntax("only a name can be assigned to", at: e.range)
                }
                _ = advance()
                let value = try expression()
                return Statement(kind: .assign(name: name, nameRange: e.range, value: value), range: e.range.union(value.range))
            }
            return Statement(kind: .expression(e), range: e.range)
        }
    }

    private mutating func ifStatement() throws -> Statement {
        let start = advance().range  // `if`
        let condition = try expression()
        let then = try block("to open the 'if' body")
        var otherwise: [Statement]? = nil
        // `else` may follow on the next line.
        var look = position
        while tokens[look].kind == .newline { look += 1 }
        if tokens[look].keyword == .else {
            position = look
            _ = advance()
            if at(.if) {
                try enter()
                defer { leave() }
                otherwise = [try ifStatement()]
            } else {
                otherwise = try block("to open the 'else' body")
            }
        }
        return Statement(kind: .ifElse(condition: condition, then: then, otherwise: otherwise), range: start.union(condition.range))
    }

    // MARK: expressions

    mutating func expression() throws -> ExprNode {
        try enter()
        defer { leave() }
        return try binaryLevel(0)
    }

    private static let levels: [[Symbol]] = [
        [.or], [.and], [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual],
        [.halfOpenRange, .closedRange], [.plus, .minus], [.star, .slash, .percent],
    ]

    private mutating func binaryLevel(_ level: Int) throws -> ExprNode {
        if level == Self.levels.count { return try unary() }
        var lhs = try binaryLevel(level + 1)
        var links = 0
        while let s = current.symbol, Self.levels[level].contains(s) {
            links += 1
            try checkChain(links)
            let opToken = advance()
            let rhs = try binaryLevel(level + 1)
            let range = lhs.range.union(rhs.range)
            if s == .halfOpenRange || s == .closedRange {
                lhs = ExprNode(kind: .range(lhs, rhs, inclusive: s == .closedRange), range: range)
                if let next = current.symbol, Self.levels[level].contains(next) {
                    throw unexpected("ranges cannot be chained")
                }
            } else {
                lhs = ExprNode(kind: .binary(BinaryOperator(rawValue: s.rawValue)!, lhs, rhs, opRange: opToken.range), range: range)
                if level == 2, let next = current.symbol, Self.levels[level].contains(next) {
                    throw unexpected("comparisons cannot be chained; use &&")
                }
            }
        }
        return lhs
    }

    private mutating func unary() throws -> ExprNode {
        if at(.minus) || at(.bang) {
            let op = advance()
            try enter()
            defer { leave() }
            let operand = try unary()
            return ExprNode(kind: .unary(op.symbol == .minus ? .negate : .not, operand), range: op.range.union(operand.range))
        }
        if at(.plus) {
            _ = advance()
            try enter()
            defer { leave() }
            return try unary()
        }
        return try power()
    }

    private mutating func power() throws -> ExprNode {
        let base = try postfix()
        guard at(.caret) else { return base }
        let op = advance()
        try enter()
        defer { leave() }
        let exponent = try unary()  // right-associative; allows 2^-1
        return ExprNode(kind: .binary(.power, base, exponent, opRange: op.range), range: base.range.union(exponent.range))
    }

    private mutating func postfix() throws -> ExprNode {
        var e = try primary()
        var links = 0
        while true {
            links += 1
            try checkChain(links)
            if at(.leftParen) {
                e = try call(e)
            } else if at(.leftBracket) {
                _ = advance()
                var items: [IndexNode] = []
                while !at(.rightBracket) {
                    if at(.colon), let next = peekToken().symbol, next == .comma || next == .rightBracket {
                        items.append(.all(advance().range))
                    } else {
                        items.append(.expr(try expression()))
                    }
                    if !at(.rightBracket) { _ = try expect(.comma, "between indices") }
                }
                let close = advance()
                if items.isEmpty { throw LanguageError.syntax("an index needs at least one entry", at: close.range) }
                e = ExprNode(kind: .index(e, items), range: e.range.union(close.range))
            } else if at(.dot) {
                _ = advance()
                let (name, nameRange) = try expectIdentifier("after '.'")
                e = ExprNode(kind: .member(e, name, nameRange: nameRange), range: e.range.union(nameRange))
            } else {
                return e
            }
        }
    }

    private mutating func call(_ callee: ExprNode) throws -> ExprNode {
        _ = advance()  // (
        // `sum(i in …, j in … where cond: body)` — an identifier followed by `in` opens a comprehension.
        let first = current, second = peekToken()
        if first.identifier != nil, second.keyword == .in {
            guard case .identifier(let function) = callee.kind else {
                throw LanguageError.syntax("a comprehension needs a function name such as sum", at: callee.range)
            }
            var loops: [(name: String, sequence: ExprNode)] = []
            var condition: ExprNode? = nil
            while true {
                let (name, _) = try expectIdentifier("for the comprehension variable")
                guard at(.in) else { throw unexpected("expected 'in' after '\(name)'") }
                _ = advance()
                loops.append((name, try expression()))
                if at(.comma) { _ = advance(); continue }
                if at(.where) { _ = advance(); condition = try expression() }
                _ = try expect(.colon, "before the comprehension body (sum(i in 0..<n: body))")
                break
            }
            let body = try expression()
            let close = try expect(.rightParen, "to close the comprehension")
            return ExprNode(kind: .comprehension(function: function, loops: loops, condition: condition, body: body),
                            range: callee.range.union(close.range))
        }
        var arguments: [ArgumentNode] = []
        var sawLabel = false
        while !at(.rightParen) {
            if current.kind == .end { throw unexpected("expected ')' to close the call") }
            let head = current, next = peekToken()
            if let label = head.word, next.symbol == .colon {
                let labelToken = advance()
                _ = advance()
                let value = try expression()
                if arguments.contains(where: { $0.label == label }) {
                    throw LanguageError.syntax("the argument '\(label):' is given twice", at: labelToken.range)
                }
                arguments.append(ArgumentNode(label: label, value: value, range: labelToken.range.union(value.range)))
                sawLabel = true
            } else {
                let value = try expression()
                if sawLabel {
                    throw LanguageError.syntax("positional arguments must come before labeled ones", at: value.range)
                }
                arguments.append(ArgumentNode(label: nil, value: value, range: value.range))
            }
            if !at(.rightParen) { _ = try expect(.comma, "between arguments") }
        }
        let close = advance()
        return ExprNode(kind: .call(callee, arguments), range: callee.range.union(close.range))
    }

    private mutating func primary() throws -> ExprNode {
        let t = current
        switch t.kind {
        case .number(let x):
            _ = advance()
            return ExprNode(kind: .number(x), range: t.range)
        case .string(let raw):
            _ = advance()
            var parts: [StringPart] = []
            for part in raw {
                switch part {
                case .text(let s): parts.append(.text(s))
                case .code(let code, let at):
                    parts.append(.interpolation(try Parser.parseExpression(code, base: at, cell: source, depth: depth + 1)))
                }
            }
            return ExprNode(kind: .string(parts), range: t.range)
        case .identifier(let name):
            _ = advance()
            return ExprNode(kind: .identifier(name), range: t.range)
        case .keyword(.true), .keyword(.false):
            _ = advance()
            return ExprNode(kind: .bool(t.keyword == .true), range: t.range)
        case .symbol(.leftParen):
            _ = advance()
            var e = try expression()
            let close = try expect(.rightParen, "to close '('")
            e.range = t.range.union(close.range)
            return e
        case .symbol(.leftBracket):
            _ = advance()
            var items: [ExprNode] = []
            while !at(.rightBracket) {
                if current.kind == .end { throw unexpected("expected ']' to close the array") }
                items.append(try expression())
                if !at(.rightBracket) { _ = try expect(.comma, "between array elements") }
            }
            let close = advance()
            return ExprNode(kind: .array(items), range: t.range.union(close.range))
        default:
            throw unexpected("expected an expression")
        }
    }
}
