extension NPY {
    /// A `.npy` header: the Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`,
    /// parsed as a dict (keys in any order, either quote, spaces anywhere) rather than searched for
    /// substrings, so a key that mentions another's value cannot be mistaken for it. Exactly the three keys
    /// numpy writes are accepted, as numpy's own reader does.
    struct Header: Equatable {
        var descr: String
        var fortranOrder: Bool
        var shape: [Int]

        init(descr: String, fortranOrder: Bool, shape: [Int]) {
            self.descr = descr
            self.fortranOrder = fortranOrder
            self.shape = shape
        }

        init(parsing text: String, source: String) throws(FormatError) {
            var reader = Reader(scalars: Array(text.unicodeScalars), source: source)
            var fields: [(key: String, value: Value)] = []
            try reader.expect("{")
            while !reader.take("}") {
                reader.skipSpace()
                let at = reader.i
                let key = try reader.string()
                try reader.expect(":")
                guard !fields.contains(where: { $0.key == key }) else { throw reader.error("the key '\(key)' appears twice", at: at) }
                fields.append((key, try reader.value()))
                if !reader.take(",") {
                    try reader.expect("}")
                    break
                }
            }
            guard reader.atEnd else { throw reader.error("text after the header's closing brace") }
            let keys = fields.map(\.key)
            guard keys.sorted() == ["descr", "fortran_order", "shape"] else {
                throw FormatError("\(source): the header has the keys \(keys.map { "'\($0)'" }.joined(separator: ", ")); a .npy header has exactly 'descr', 'fortran_order' and 'shape'")
            }
            func value(_ key: String) -> Value { fields.first { $0.key == key }!.value }
            guard case .string(let descr) = value("descr") else {
                throw FormatError("\(source): 'descr' must be a dtype string such as '<f8'")
            }
            guard case .bool(let fortran) = value("fortran_order") else {
                throw FormatError("\(source): 'fortran_order' must be True or False")
            }
            guard case .tuple(let shape) = value("shape") else {
                throw FormatError("\(source): 'shape' must be a tuple of sizes such as (3, 4)")
            }
            self.init(descr: descr, fortranOrder: fortran, shape: shape)
        }

        enum Value { case string(String), bool(Bool), tuple([Int]) }

        private struct Reader {
            let scalars: [Unicode.Scalar]
            let source: String
            var i = 0

            init(scalars: [Unicode.Scalar], source: String) {
                self.scalars = scalars
                self.source = source
            }

            var atEnd: Bool {
                mutating get {
                    skipSpace()
                    return i == scalars.count
                }
            }

            /// An error at character `at` (0-based; the reader's position when nil), counted from 1.
            func error(_ what: String, at: Int? = nil) -> FormatError {
                FormatError("\(source): bad header at character \((at ?? i) + 1): \(what)")
            }

            mutating func skipSpace() { while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 } }

            mutating func take(_ c: Unicode.Scalar) -> Bool {
                skipSpace()
                guard i < scalars.count, scalars[i] == c else { return false }
                i += 1
                return true
            }

            mutating func expect(_ c: Unicode.Scalar) throws(FormatError) {
                guard take(c) else { throw error("expected '\(c)'") }
            }

            mutating func string() throws(FormatError) -> String {
                skipSpace()
                guard i < scalars.count, scalars[i] == "'" || scalars[i] == "\"" else { throw error("expected a quoted key or string") }
                let quote = scalars[i]
                i += 1
                var out = String.UnicodeScalarView()
                while i < scalars.count, scalars[i] != quote {
                    out.append(scalars[i])
                    i += 1
                }
                guard i < scalars.count else { throw error("a string is not closed") }
                i += 1
                return String(out)
            }

            mutating func value() throws(FormatError) -> Value {
                skipSpace()
                guard i < scalars.count else { throw error("expected a value") }
                if scalars[i] == "'" || scalars[i] == "\"" { return .string(try string()) }
                if take("(") {
                    var sizes: [Int] = []
                    while !take(")") {
                        sizes.append(try size())
                        if !take(",") {
                            try expect(")")
                            break
                        }
                    }
                    return .tuple(sizes)
                }
                let at = i
                let word = self.word()
                switch word {
                case "True": return .bool(true)
                case "False": return .bool(false)
                default: throw error(word.isEmpty ? "expected a value" : "unexpected '\(word)'", at: at)
                }
            }

            /// A non-negative size, with Python 2's `L` suffix allowed.
            mutating func size() throws(FormatError) -> Int {
                skipSpace()
                let at = i
                let word = self.word()
                let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                    throw error("a shape entry must be a size ≥ 0, got '\(word)'", at: at)
                }
                guard let v = Int(digits) else { throw error("the size \(digits) is too large", at: at) }
                return v
            }

            mutating func word() -> String {
                skipSpace()
                var out = String.UnicodeScalarView()
                while i < scalars.count, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) || scalars[i] == "-" {
                    out.append(scalars[i])
                    i += 1
                }
                return String(out)
            }
        }
    }
}
