/// A lexical token with its source range. `precededBySpace`/`followedBySpace` let the line-continuation
/// rule tell a binary `- x` at the start of a line from a unary `-x` (as Swift does).
struct Token {
    enum Kind: Equatable {
        case number(Double)
        case string([RawStringPart])
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case newline
        case end
    }

    var kind: Kind
    var range: SourceRange
    var followedBySpace = false

    var symbol: Symbol? {
        switch kind {
        case .symbol(let s): return s
        default: return nil
        }
    }
    var keyword: Keyword? {
        switch kind {
        case .keyword(let k): return k
        default: return nil
        }
    }
    var identifier: String? {
        switch kind {
        case .identifier(let s): return s
        default: return nil
        }
    }
    /// An identifier or a keyword as written (labels may be keywords: `f(in: 1)`).
    var word: String? {
        switch kind {
        case .identifier(let s): return s
        case .keyword(let k): return k.rawValue
        default: return nil
        }
    }
}

/// A string literal before parsing its interpolations: text, or the source of `\( … )` with where it starts.
enum RawStringPart: Equatable {
    case text(String)
    case code(String, SourceLocation)
}

enum Keyword: String, CaseIterable {
    case `let`, `var`, param, `func`, `for`, `in`, `if`, `else`, `true`, `false`, `where`
}

enum Symbol: String, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = ".", assign = "="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", caret = "^", bang = "!"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and = "&&", or = "||", halfOpenRange = "..<", closedRange = "..."

    /// Longest first, so `..<` wins over `.`.
    static let byLength: [Symbol] = allCases.sorted { $0.rawValue.unicodeScalars.count > $1.rawValue.unicodeScalars.count }

    /// Binary operators: a line ending with one continues on the next line.
    var isBinaryOperator: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .caret, .equal, .notEqual, .less, .lessOrEqual, .greater,
             .greaterOrEqual, .and, .or, .halfOpenRange, .closedRange, .assign: true
        default: false
        }
    }
}
