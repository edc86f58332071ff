// A small JSON value: what the kernel core reads and writes in the four JSON frames of a message.
// Integers stay integers (execution_count, cursor positions) so they serialise without a ".0".

public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public static let emptyObject = JSON.object([:])

    public subscript(key: String) -> JSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Integers, and doubles that are whole numbers (some clients send `5.0`).
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
        default: return nil
        }
    }

    public var objectValue: [String: JSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSON {
    /// A MIME bundle or string map as a JSON object.
    public init(_ strings: [String: String]) {
        self = .object(strings.mapValues { .string($0) })
    }
}

extension JSON {
    /// A MIME bundle as display_data / execute_result carry it: JSON mime types (`application/json` and
    /// every `…+json`, such as the widget view `application/vnd.jupyter.widget-view+json`) travel as JSON
    /// values, as nbformat stores them, not as strings; the rest as text.
    public init(mimeBundle bundle: MimeBundle) {
        self = .object(Dictionary(uniqueKeysWithValues: bundle.map { key, text in
            if Self.isJSONMimeType(key), let value = try? JSON.parse(Array(text.utf8)) { return (key, value) }
            return (key, .string(text))
        }))
    }

    public static func isJSONMimeType(_ mime: String) -> Bool {
        mime == "application/json" || mime.hasSuffix("+json")
    }
}
