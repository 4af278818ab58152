/// A parsed JSON value. Numbers keep their source text, so `2.55` stays exactly `2.55`.
public enum JSONValue: Sendable, Equatable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// The value of `key` in an object (the last one when repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let entries) = self else { return nil }
        return entries.last { $0.key == key }?.value
    }

    /// A short name of the value's kind, for messages.
    public var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// Malformed JSON, or JSON over one of `JSONParser`'s limits, with where it went wrong.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not valid JSON.
        case syntax
        /// Valid so far, but nested too deep or with a string or number too long.
        case limit
    }

    public var kind: Kind
    public var message: String
    /// 0-based byte offset into the body.
    public var offset: Int
    public var line: Int
    public var column: Int

    public var description: String {
        (kind == .syntax ? "malformed JSON" : "JSON over a limit") + " at line \(line), column \(column) (byte \(offset)): \(message)"
    }
}
