import Foundation

/// A JSON document as a value, used to put a nested value's JSON into the one contract of the reports
/// (snake_case keys) without changing the type's own `Codable` form (which saved evidence bundles keep).
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// `value`'s JSON with every property name in snake_case (`keepAlive` → `keep_alive`, `withSYN` →
    /// `with_syn`), except the keys of the dictionaries found under a property in `maps` (snake_case names,
    /// e.g. `offered_versions`, whose keys are data such as `TLSv1.2`), which are kept as they are.
    public static func snakeCased(_ value: some Encodable, keepingKeysUnder maps: Set<String> = []) throws -> JSONValue
    {
        let data = try JSONEncoder().encode(value)
        return try JSONDecoder().decode(JSONValue.self, from: data).snakeCasedKeys(maps: maps)
    }

    private func snakeCasedKeys(maps: Set<String>) -> JSONValue {
        switch self {
        case .array(let a):
            return .array(a.map { $0.snakeCasedKeys(maps: maps) })
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (key, value) in o {
                let name = JSONValue.snakeCase(key)
                out[name] = maps.contains(name) ? value : value.snakeCasedKeys(maps: maps)
            }
            return .object(out)
        default:
            return self
        }
    }

    /// `idleTimeoutSeconds` → `idle_timeout_seconds`, `unansweredSYN` → `unanswered_syn`, `p50` → `p50`.
    public static func snakeCase(_ key: String) -> String {
        var out = ""
        var previous: Character?
        for ch in key {
            if ch.isUppercase, let p = previous, p.isLowercase || p.isNumber {
                out.append("_")
            }
            out.append(contentsOf: ch.lowercased())
            previous = ch
        }
        return out
    }
}
