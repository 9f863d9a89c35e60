import MCP

/// The arguments of one tool call, read with their expected types. Every accessor throws a ``ToolError`` that
/// names the tool and the argument, so a client sees what to fix; unknown argument names are refused.
public struct ToolArguments: Sendable {
    /// The tool the arguments are for (used in messages).
    public var tool: String
    /// The raw values.
    public var values: [String: Value]

    /// Wraps `values`, refusing names not in `known`.
    public init(tool: String, values: [String: Value]?, known: [String]) throws(ToolError) {
        self.tool = tool
        self.values = values ?? [:]
        let unknown = self.values.keys.filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            let list = known.isEmpty ? "it takes no arguments" : "known: \(known.joined(separator: ", "))"
            throw .argument(tool, "unknown argument '\(first)' (\(list))")
        }
    }

    /// A string, or nil when absent or null.
    public func string(_ name: String) throws(ToolError) -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw .argument(tool, "argument '\(name)' must be a string")
        }
    }

    /// A required string.
    public func requiredString(_ name: String) throws(ToolError) -> String {
        guard let value = try string(name), !value.isEmpty else {
            throw .argument(tool, "argument '\(name)' is required")
        }
        return value
    }

    /// An array of strings (empty when absent). A single string is taken as a one-element array.
    public func strings(_ name: String) throws(ToolError) -> [String] {
        switch values[name] {
        case nil, .null?: return []
        case .string(let s)?: return [s]
        case .array(let items)?:
            var result: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw .argument(tool, "argument '\(name)' must be an array of strings")
                }
                result.append(s)
            }
            return result
        default: throw .argument(tool, "argument '\(name)' must be an array of strings")
        }
    }

    /// An integer, or nil when absent.
    public func int(_ name: String) throws(ToolError) -> Int? {
        switch values[name] {
        case nil, .null?: return nil
        case .int(let i)?: return i
        case .double(let d)? where d.rounded() == d && abs(d) < 1e15: return Int(d)
        default: throw .argument(tool, "argument '\(name)' must be an integer")
        }
    }

    /// An array of integers (empty when absent); a single integer is a one-element array.
    public func ints(_ name: String) throws(ToolError) -> [Int] {
        switch values[name] {
        case nil, .null?: return []
        case .int(let i)?: return [i]
        case .array(let items)?:
            var result: [Int] = []
            for item in items {
                guard case .int(let i) = item else {
                    throw .argument(tool, "argument '\(name)' must be an array of integers")
                }
                result.append(i)
            }
            return result
        default: throw .argument(tool, "argument '\(name)' must be an array of integers")
        }
    }

    /// A number, or nil when absent.
    public func double(_ name: String) throws(ToolError) -> Double? {
        switch values[name] {
        case nil, .null?: return nil
        case .int(let i)?: return Double(i)
        case .double(let d)? where d.isFinite: return d
        default: throw .argument(tool, "argument '\(name)' must be a number")
        }
    }

    /// A boolean, or `defaultValue` when absent.
    public func bool(_ name: String, default defaultValue: Bool) throws(ToolError) -> Bool {
        switch values[name] {
        case nil, .null?: return defaultValue
        case .bool(let b)?: return b
        default: throw .argument(tool, "argument '\(name)' must be true or false")
        }
    }
}
