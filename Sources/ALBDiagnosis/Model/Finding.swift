/// One candidate root cause with its confidence, evidence, how to confirm it and how to fix it.
///
/// JSON keys: `id, title, confidence, count, evidence, confirm, fix, alternatives`.
public struct Finding: Sendable, Codable, Hashable {
    /// The stable cause id.
    public var id: CauseID
    /// A one-line human title.
    public var title: String
    /// How likely this cause is given the evidence, 0...1 (clamped).
    public var confidence: Double
    /// How many 502s this cause accounts for (0 when the evidence is not a count of requests).
    public var count: Int
    /// What supports it.
    public var evidence: [Evidence]
    /// What would confirm it (metrics, configuration, a probe, a packet capture).
    public var confirm: [String]
    /// What to change.
    public var fix: [String]
    /// Causes that the same evidence cannot rule out.
    public var alternatives: [CauseID]
    /// The `elb_status_code` this finding explains; `nil` for the 502 causes (JSON `status`, omitted when nil).
    public var status: Int?

    /// Creates a finding; `confidence` is clamped to 0...1 and `title` defaults to the cause's name.
    public init(
        id: CauseID,
        title: String? = nil,
        confidence: Double,
        count: Int,
        evidence: [Evidence] = [],
        confirm: [String] = [],
        fix: [String] = [],
        alternatives: [CauseID] = [],
        status: Int? = nil
    ) {
        self.id = id
        self.title = title ?? id.displayName
        self.confidence = Finding.clamp(confidence)
        self.count = count
        self.evidence = evidence
        self.confirm = confirm
        self.fix = fix
        self.alternatives = alternatives
        self.status = status
    }

    /// A coarse label for a confidence value: `high` (≥ 0.75), `medium` (≥ 0.4), `low`.
    public var confidenceLevel: ConfidenceLevel { ConfidenceLevel(confidence) }

    /// The 502s this cause likely explains: `count × confidence`. Zero when the evidence is not a count
    /// of requests (probe, capture, some configuration findings).
    public var impact: Double { Double(count) * confidence }

    /// Sorts findings biggest likely problem first: by `impact` (the 502s a cause explains weighted by
    /// its confidence), then confidence, then count, then cause id (deterministic). Findings without a
    /// count (impact 0) follow the counted ones, most confident first.
    public static func ranked(_ findings: [Finding]) -> [Finding] {
        findings.sorted { a, b in
            if a.impact != b.impact { return a.impact > b.impact }
            if a.confidence != b.confidence { return a.confidence > b.confidence }
            if a.count != b.count { return a.count > b.count }
            if a.id != b.id { return a.id < b.id }
            return (a.status ?? 0) < (b.status ?? 0)
        }
    }

    static func clamp(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        let rounded = (value * 100).rounded() / 100
        return min(1, max(0, rounded))
    }
}

/// A coarse bucket of a confidence value.
public enum ConfidenceLevel: String, Sendable, Codable, Hashable {
    case high, medium, low

    /// Buckets a 0...1 confidence.
    public init(_ confidence: Double) {
        if confidence >= 0.75 {
            self = .high
        } else if confidence >= 0.4 {
            self = .medium
        } else {
            self = .low
        }
    }
}
