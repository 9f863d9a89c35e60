import Foundation

/// A small non-validating XML parser that builds an `XMLNode` tree from a UTF-8 AWS response body.
///
/// It replaces FoundationXML's `XMLParser`, which links libxml2 (and through it ICU and liblzma) into the
/// executable: `alb-doctor` ships as one self-contained binary (Scripts/package.sh), and AWS Query, EC2 and S3
/// responses need only elements, character data, the five predefined entities, character references, CDATA,
/// comments and processing instructions. Like FoundationXML with `shouldProcessNamespaces`, element names are
/// reduced to their local names and attributes are not kept. A document type declaration is refused (AWS never
/// sends one, and refusing it leaves no entity expansion to abuse), and so is nesting deeper than 256 elements
/// (libxml2's default limit).
struct XMLTreeParser {
    /// The deepest element nesting accepted.
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    /// Creates a parser over `bytes`, which the caller has checked to be UTF-8.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// An element being read: its qualified name (to match the end tag), the node, and its character data.
    private struct OpenElement {
        var qualifiedName: ArraySlice<UInt8>
        var node: XMLNode
        var text: [UInt8] = []
    }

    /// Parses the whole document and returns its root element.
    mutating func parseDocument() throws -> XMLNode {
        // A UTF-8 byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        try skipMisc()
        guard index < bytes.count else { throw error("no root element") }
        guard bytes[index] == UInt8(ascii: "<") else { throw error("character data before the root element") }
        if starts(with: "<!DOCTYPE") { throw error("document type declarations are not supported") }
        let root = try parseElementTree()
        try skipMisc()
        guard index >= bytes.count else { throw error("content after the root element") }
        return root
    }

    /// Reads one element and everything inside it (`index` at its `<`), without recursion.
    private mutating func parseElementTree() throws -> XMLNode {
        var stack: [OpenElement] = []
        while true {
            guard index < bytes.count else {
                let name = stack.last.map { String(decoding: $0.qualifiedName, as: UTF8.self) } ?? "?"
                throw error("end of document inside <\(name)>")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                let tagStart = index
                if starts(with: "</") {
                    index += 2
                    let name = try readName()
                    skipWhitespace()
                    try expect(">")
                    guard var open = stack.popLast() else {
                        throw error("end tag </\(string(name))> without a start tag", at: tagStart)
                    }
                    guard open.qualifiedName.elementsEqual(name) else {
                        throw error(
                            "end tag </\(string(name))> does not match <\(string(open.qualifiedName))>",
                            at: tagStart
                        )
                    }
                    open.node.text = String(decoding: open.text, as: UTF8.self)
                    if !open.node.children.isEmpty {
                        open.node.text = open.node.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    }
                    if stack.isEmpty { return open.node }
                    stack[stack.count - 1].node.children.append(open.node)
                } else if starts(with: "<!--") {
                    try skipComment()
                } else if starts(with: "<![CDATA[") {
                    index += 9
                    guard let end = find("]]>") else { throw error("unterminated CDATA section", at: tagStart) }
                    appendText(bytes[index..<end], to: &stack)
                    index = end + 3
                } else if starts(with: "<?") {
                    try skipProcessingInstruction()
                } else if starts(with: "<!") {
                    throw error("unexpected markup declaration inside an element")
                } else {
                    index += 1
                    let name = try readName()
                    let selfClosing = try skipAttributes()
                    guard stack.count < Self.maximumDepth else {
                        throw error("elements nested deeper than \(Self.maximumDepth)", at: tagStart)
                    }
                    let node = XMLNode(name: string(localName(name)))
                    if selfClosing {
                        if stack.isEmpty { return node }
                        stack[stack.count - 1].node.children.append(node)
                    } else {
                        stack.append(OpenElement(qualifiedName: name, node: node))
                    }
                }
            } else if byte == UInt8(ascii: "&") {
                let scalar = try readReference()
                if !stack.isEmpty { stack[stack.count - 1].text.append(contentsOf: Array(String(scalar).utf8)) }
            } else {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<"), bytes[index] != UInt8(ascii: "&") {
                    index += 1
                }
                appendText(bytes[start..<index], to: &stack)
            }
        }
    }

    /// Appends character data to the innermost open element, normalising CR LF and lone CR to LF as XML does.
    private func appendText(_ text: ArraySlice<UInt8>, to stack: inout [OpenElement]) {
        guard !stack.isEmpty else { return }
        var previousCR = false
        for byte in text {
            if byte == 0x0D {
                stack[stack.count - 1].text.append(0x0A)
                previousCR = true
            } else {
                if !(byte == 0x0A && previousCR) { stack[stack.count - 1].text.append(byte) }
                previousCR = false
            }
        }
    }

    /// Reads `&name;`, `&#NNN;` or `&#xHHH;` (`index` at the `&`).
    private mutating func readReference() throws -> Unicode.Scalar {
        let start = index
        index += 1
        guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
            index = start
            throw error("'&' that does not start an entity or character reference")
        }
        let body = bytes[index..<semicolon]
        let scalar: Unicode.Scalar?
        if body.first == UInt8(ascii: "#") {
            let digits = body.dropFirst()
            let value: UInt32?
            if digits.first == UInt8(ascii: "x") {
                value = UInt32(string(digits.dropFirst()), radix: 16)
            } else {
                value = UInt32(string(digits), radix: 10)
            }
            scalar = value.flatMap { $0 == 0 ? nil : Unicode.Scalar($0) }
        } else {
            switch string(body) {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default: scalar = nil
            }
        }
        guard let scalar else {
            index = start
            throw error("unknown or invalid reference &\(string(body));")
        }
        index = semicolon + 1
        return scalar
    }

    /// Skips the attributes of a start tag and its `>` or `/>`; returns whether the tag was `/>`.
    private mutating func skipAttributes() throws -> Bool {
        while true {
            let hadWhitespace = skipWhitespace()
            guard index < bytes.count else { throw error("end of document inside a start tag") }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                return false
            }
            if starts(with: "/>") {
                index += 2
                return true
            }
            guard hadWhitespace else { throw error("expected whitespace, '>' or '/>' in a start tag") }
            _ = try readName()
            skipWhitespace()
            try expect("=")
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")
            else { throw error("expected a quoted attribute value") }
            let quote = bytes[index]
            index += 1
            while index < bytes.count, bytes[index] != quote {
                if bytes[index] == UInt8(ascii: "<") { throw error("'<' in an attribute value") }
                index += 1
            }
            guard index < bytes.count else { throw error("unterminated attribute value") }
            index += 1
        }
    }

    /// Skips whitespace, comments and processing instructions (before or after the root element).
    private mutating func skipMisc() throws {
        while true {
            skipWhitespace()
            if starts(with: "<!--") {
                try skipComment()
            } else if starts(with: "<?") {
                try skipProcessingInstruction()
            } else {
                return
            }
        }
    }

    private mutating func skipComment() throws {
        let start = index
        index += 4
        guard let end = find("-->") else { throw error("unterminated comment", at: start) }
        index = end + 3
    }

    private mutating func skipProcessingInstruction() throws {
        let start = index
        index += 2
        guard let end = find("?>") else { throw error("unterminated processing instruction", at: start) }
        index = end + 2
    }

    /// Reads an XML name (`index` at its first byte); non-ASCII bytes are accepted as name characters.
    private mutating func readName() throws -> ArraySlice<UInt8> {
        let start = index
        func isNameStart(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":")
                || b >= 0x80
        }
        guard index < bytes.count, isNameStart(bytes[index]) else { throw error("expected a name") }
        index += 1
        while index < bytes.count {
            let b = bytes[index]
            guard isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            else { break }
            index += 1
        }
        return bytes[start..<index]
    }

    /// The part of a qualified name after its last `:` (the whole name when that part would be empty).
    private func localName(_ name: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let colon = name.lastIndex(of: UInt8(ascii: ":")), colon + 1 < name.endIndex else { return name }
        return name[(colon + 1)...]
    }

    /// Skips XML whitespace; returns whether there was any.
    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return index > start
            }
        }
        return index > start
    }

    private mutating func expect(_ text: String) throws {
        guard starts(with: text) else { throw error("expected '\(text)'") }
        index += text.utf8.count
    }

    private func starts(with text: String) -> Bool {
        bytes[index...].starts(with: text.utf8)
    }

    /// The offset of the next occurrence of `text` at or after `index`.
    private func find(_ text: String) -> Int? {
        let needle = Array(text.utf8)
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = index
        while i <= bytes.count - needle.count {
            if bytes[i] == first, bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private func string(_ slice: ArraySlice<UInt8>) -> String {
        String(decoding: slice, as: UTF8.self)
    }

    /// An error at `offset`, by default the current position (1-based line and byte column).
    private func error(_ reason: String, at offset: Int? = nil) -> XMLParseError {
        let upTo = bytes[..<min(offset ?? index, bytes.count)]
        let lineStart = upTo.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return XMLParseError(
            line: 1 + upTo.count { $0 == 0x0A },
            column: 1 + upTo.count - lineStart,
            reason: reason
        )
    }
}
