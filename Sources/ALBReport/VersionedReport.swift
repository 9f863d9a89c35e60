/// Encodes the wrapped report's own keys plus `schema_version` into the same top-level object: the JSON of a
/// report, also where one report embeds another (the `access_logs` of a diagnosis).
public struct VersionedReport<R: RenderableReport>: Encodable {
    /// The report.
    public let report: R

    /// Wraps `report`.
    public init(report: R) {
        self.report = report
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(report.schemaVersion, forKey: Key(stringValue: "schema_version"))
    }
}
