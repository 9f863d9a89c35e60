/// One piece of evidence supporting (or weighing against) a finding.
///
/// JSON keys: `source`, `summary`, `details` (omitted when empty), `examples`. A detail whose value is a
/// plain decimal number (`"12"`, `"0.003"`, `"-1"`) is written as a JSON number, every other as a string.
public struct Evidence: Sendable, Codable, Hashable {
    /// Where a piece of evidence came from.
    public enum Source: String, Sendable, Codable, Hashable, CaseIterable {
        case accessLog = "access-log"
        case metric = "metric"
        case configuration = "configuration"
        case cloudtrail = "cloudtrail"
        case probe = "probe"
        case packetCapture = "packet-capture"
        /// The load balancer's health-check logs.
        case healthCheckLog = "health-check-log"
        /// The load balancer's connection logs.
        case connectionLog = "connection-log"
    }

    /// Where this evidence came from.
    public var source: Source
    /// One human sentence with the figures, e.g. "412 of 430 not-dispatched 502s (96%) went to 10.0.1.7:8080".
    public var summary: String
    /// Machine-readable figures under stable keys (e.g. `"target": "10.0.1.7:8080"`, `"share": "0.96"`).
    public var details: [String: String]
    /// Verbatim log lines or escaped bytes that show it.
    public var examples: [String]

    /// Creates a piece of evidence.
    public init(source: Source, summary: String, details: [String: String] = [:], examples: [String] = []) {
        self.source = source
        self.summary = summary
        self.details = details
        self.examples = examples
    }

    private enum CodingKeys: String, CodingKey { case source, summary, details, examples }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(Source.self, forKey: .source)
        summary = try c.decode(String.self, forKey: .summary)
        details = try c.decodeIfPresent([String: DetailValue].self, forKey: .details)?.mapValues(\.text) ?? [:]
        examples = try c.decodeIfPresent([String].self, forKey: .examples) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(summary, forKey: .summary)
        if !details.isEmpty { try c.encode(details.mapValues(DetailValue.init), forKey: .details) }
        try c.encode(examples, forKey: .examples)
    }
}

extension Evidence {
    /// One detail value in JSON: a number when the text is a plain decimal number, else a string.
    struct DetailValue: Codable {
        var text: String

        init(_ text: String) { self.text = text }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`: written as a JSON number without changing its value.
        static func isPlainNumber(_ s: String) -> Bool {
            var bytes = Array(s.utf8)[...]
            if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard let first = bytes.first, first >= 48 && first <= 57 else { return false }
            let integer = bytes.prefix { $0 >= 48 && $0 <= 57 }
            if integer.count > 1 && first == 48 { return false }
            let rest = bytes.dropFirst(integer.count)
            if rest.isEmpty { return integer.count <= 15 }
            guard rest.first == UInt8(ascii: "."), rest.count > 1 else { return false }
            return rest.dropFirst().allSatisfy { $0 >= 48 && $0 <= 57 } && integer.count + rest.count <= 16
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                text = s
            } else if let i = try? c.decode(Int.self) {
                text = String(i)
            } else {
                text = String(try c.decode(Double.self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            guard DetailValue.isPlainNumber(text) else { return try c.encode(text) }
            if !text.contains("."), let i = Int(text) {
                try c.encode(i)
            } else if let d = Double(text) {
                try c.encode(d)
            } else {
                try c.encode(text)
            }
        }
    }
}
