/// One piece of evidence supporting (or weighing against) a finding.
///
/// JSON keys: `source`, `summary`, `details` (omitted when empty), `examples`.
public struct Evidence: Sendable, Codable, Hashable {
    /// Where a piece of evidence came from.
    public enum Source: String, Sendable, Codable, Hashable, CaseIterable {
        case accessLog = "access-log"
        case metric = "metric"
        case configuration = "configuration"
        case cloudtrail = "cloudtrail"
        case probe = "probe"
        case packetCapture = "packet-capture"
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
        details = try c.decodeIfPresent([String: String].self, forKey: .details) ?? [:]
        examples = try c.decodeIfPresent([String].self, forKey: .examples) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(summary, forKey: .summary)
        if !details.isEmpty { try c.encode(details, forKey: .details) }
        try c.encode(examples, forKey: .examples)
    }
}
