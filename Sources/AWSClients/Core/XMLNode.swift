import Foundation

/// A small immutable XML element tree, enough to read AWS Query/EC2/S3 responses.
///
/// Namespaces are ignored (element names are local names). Text is the concatenation of the element's
/// direct character data (trimmed of surrounding whitespace when the element has children). Parsed by
/// `XMLTreeParser`, in pure Swift: FoundationXML would link libxml2 into the executable.
public struct XMLNode: Sendable, Hashable {
    /// Local element name.
    public var name: String
    /// Direct text content.
    public var text: String
    /// Child elements in document order.
    public var children: [XMLNode]

    /// Creates a node.
    public init(name: String, text: String = "", children: [XMLNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child named `name`.
    public subscript(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Follows a path of child names.
    public func path(_ names: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in names { node = node?[name] }
        return node
    }

    /// All children named `name`.
    public func all(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The text of child `name`, or `nil` when absent.
    public func string(_ name: String) -> String? {
        self[name]?.text
    }

    /// The text of child `name` as an integer.
    public func int(_ name: String) -> Int? {
        string(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The text of child `name` as a boolean (`true`/`false`).
    public func bool(_ name: String) -> Bool? {
        switch string(name)?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// Items of a list wrapper: `<Wrapper><member>…</member></Wrapper>` (or `<item>` for EC2).
    public func list(_ wrapper: String, item: String = "member") -> [XMLNode] {
        self[wrapper]?.all(item) ?? []
    }

    /// Depth-first search for the first descendant (or self) named `name`.
    public func find(_ name: String) -> XMLNode? {
        if self.name == name { return self }
        for child in children {
            if let found = child.find(name) { return found }
        }
        return nil
    }

    /// Parses a document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws -> XMLNode {
        // AWS answers UTF-8, so anything else is refused before it reaches the parser (FoundationXML's parser,
        // used before XMLTreeParser, trapped on element names that are not UTF-8: Fuzz/FuzzAWSResponse.swift).
        if let bad = firstInvalidUTF8(bytes) {
            throw XMLParseError(
                line: 1 + bytes[..<bad].count { $0 == 0x0A },
                column: 0,
                reason: "byte \(bad) is not UTF-8"
            )
        }
        var parser = XMLTreeParser(bytes)
        return try parser.parseDocument()
    }
}

/// The offset of the first byte of `bytes` that is not part of valid UTF-8, or `nil`.
private func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): offset += UTF8.width(scalar)
        case .emptyInput: return nil
        case .error: return offset
        }
    }
}

/// An XML document could not be parsed.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line where the parser stopped.
    public var line: Int
    /// 1-based column where the parser stopped.
    public var column: Int
    /// The parser's reason.
    public var reason: String

    /// Creates an error at a 1-based line and column.
    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "XML parse error at line \(line), column \(column): \(reason)" }
}
