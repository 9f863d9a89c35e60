/// Evidence that could not be gathered, why, what would add it and what it costs the conclusion.
///
/// JSON keys: `source`, `what`, `reason`, `iam_action` (omitted when permissions are not the issue), `impact`.
public struct MissingEvidence: Sendable, Codable, Hashable {
    /// The kind of evidence.
    public var source: Evidence.Source
    /// What is missing ("CloudWatch metrics of app/web/…").
    public var what: String
    /// Why (the error, or "access logs are disabled").
    public var reason: String
    /// The IAM action that would add it, when it was refused.
    public var iamAction: String?
    /// How its absence limits the conclusion.
    public var impact: String

    /// Creates an entry.
    public init(source: Evidence.Source, what: String, reason: String, iamAction: String? = nil, impact: String) {
        self.source = source
        self.what = what
        self.reason = reason
        self.iamAction = iamAction
        self.impact = impact
    }

    enum CodingKeys: String, CodingKey {
        case source, what, reason
        case iamAction = "iam_action"
        case impact
    }
}
