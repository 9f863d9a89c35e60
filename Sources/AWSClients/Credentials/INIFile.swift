/// A parsed AWS-style INI file: `[section]` headers, `key = value` lines, `#`/`;` comment lines, and
/// indented sub-properties (`s3 =` followed by indented `addressing_style = path`).
public struct INIFile: Sendable, Hashable {
    /// One section.
    public struct Section: Sendable, Hashable {
        /// The header text between the brackets, trimmed (`profile dev`, `default`).
        public var name: String
        /// Properties; sub-properties are stored as `parent.child`.
        public var values: [String: String]
        /// The 1-based line of the header.
        public var line: Int
    }

    /// Sections in file order (a repeated header merges into the first).
    public var sections: [Section]

    /// The section with header `name`.
    public func section(_ name: String) -> Section? {
        sections.first { $0.name == name }
    }

    /// Parses `text`; `path` is used in errors.
    public static func parse(_ text: String, path: String) throws -> INIFile {
        var sections: [Section] = []
        var index: [String: Int] = [:]
        var current: Int?
        var parentKey: String?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else {
                    throw AWSClientError(
                        .invalidConfiguration,
                        "\(path):\(lineNumber): section header \"\(trimmed)\" lacks a closing ']'"
                    )
                }
                let name = String(trimmed.dropFirst().dropLast()).trimmingSpaces()
                if let existing = index[name] {
                    current = existing
                } else {
                    index[name] = sections.count
                    current = sections.count
                    sections.append(Section(name: name, values: [:], line: lineNumber))
                }
                parentKey = nil
                continue
            }
            guard let section = current else {
                throw AWSClientError(
                    .invalidConfiguration,
                    "\(path):\(lineNumber): \"\(trimmed)\" appears before any [section] header"
                )
            }
            let indented = line.first == " " || line.first == "\t"
            guard let equals = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw AWSClientError(
                    .invalidConfiguration,
                    "\(path):\(lineNumber): expected \"key = value\", found \"\(trimmed)\""
                )
            }
            let key = String(trimmed[..<equals]).trimmingSpaces().lowercased()
            let value = String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces()
            if indented, let parent = parentKey {
                sections[section].values["\(parent).\(key)"] = value
            } else {
                sections[section].values[key] = value
                parentKey = value.isEmpty ? key : nil
            }
        }
        return INIFile(sections: sections)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
