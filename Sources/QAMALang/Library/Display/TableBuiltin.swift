/// `table(rows, header:, caption:, digits:)`: a Table from rows a cell computed (one row per solver, per
/// instance, ...), shown as aligned text and HTML like every other table. Numbers print with
/// `NumberFormat.short`'s significant digits, or `digits:` of them.
enum TableBuiltin {
    static func register(into table: inout BuiltinTable) { table.register(builtin) }

    static var builtin: Builtin {
        let rows = Param<Value>.value(at: "rows", kind: .any, "an Array of rows or a 2-D tensor")
        let header = Param<Value?>.value("header", "an Array of Strings")
        let caption = Param<String?>.string("caption")
        let digits = Param.integer("digits", default: NumberFormat.shortDigits)
        return Builtin("table", [rows, header, caption, digits], doc: """
            A table from an array of rows (each an array of numbers, strings and bools, or a vector) or from a 2-D tensor. \
            header: names the columns; numbers show with \(NumberFormat.shortDigits) significant digits unless digits: says otherwise.
            """
        ) { args, session in
            let rowsValue = try args[rows]
            let headerValue = try args[header]
            let caption = try args[caption]
            let digits = try args[digits]
            if !(1...17).contains(digits) {
                throw LanguageError.value("table() 'digits:' must be 1 … 17, got \(digits)", at: args.rangeOf(label: "digits"))
            }
            func number(_ x: Double) -> String { NumberFormat.short(x, digits: digits) }
            func cell(_ v: Value, _ r: Int, _ c: Int) throws -> String {
                switch v {
                case .number(let x): return number(x)
                case .tensor(let t) where t.rank == 0: return number(t.storage[0])
                case .string(let s): return s
                case .bool(let b): return b ? "true" : "false"
                default:
                    throw LanguageError.type("table() cell in row \(r + 1), column \(c + 1) must be a Number, String or Bool, not \(v.typeName)",
                                             at: args.rangeOf(argument: 0))
                }
            }
            var rows: [[String]] = []
            switch rowsValue {
            case .tensor(let t) where t.rank == 2:
                let columns = t.shape[1]
                rows = (0..<t.shape[0]).map { r in (0..<columns).map { number(t.storage[r * columns + $0]) } }
            case .array(let items):
                for (r, item) in items.enumerated() {
                    switch item {
                    case .array(let cells): rows.append(try cells.enumerated().map { try cell($0.element, r, $0.offset) })
                    case .tensor(let t) where t.rank == 1: rows.append(t.storage.map(number))
                    default:
                        throw LanguageError.type("table() row \(r + 1) must be an Array or a vector, not \(item.typeName)", at: args.rangeOf(argument: 0))
                    }
                }
            default:
                throw LanguageError.type("table() takes an Array of rows or a 2-D tensor, not \(rowsValue.typeName)", at: args.rangeOf(argument: 0))
            }
            var header: [String] = []
            if let headerValue {
                guard case .array(let names) = headerValue else {
                    throw LanguageError.type("table() 'header:' must be an Array of Strings, not \(headerValue.typeName)", at: args.rangeOf(label: "header"))
                }
                header = try names.map {
                    guard case .string(let s) = $0 else {
                        throw LanguageError.type("table() 'header:' must hold Strings, not \($0.typeName)", at: args.rangeOf(label: "header"))
                    }
                    return s
                }
            }
            let width = header.isEmpty ? rows.first?.count ?? 0 : header.count
            if let r = rows.firstIndex(where: { $0.count != width }) {
                let expected = header.isEmpty ? "row 1's \(width)" : "the header's \(width)"
                throw LanguageError.shape("table() row \(r + 1) has \(rows[r].count) cell\(rows[r].count == 1 ? "" : "s"), not \(expected)",
                                          at: args.rangeOf(argument: 0))
            }
            return .library(TableValue(table: SummaryTable(caption: caption, header: header, rows: rows)))
        }
    }
}
