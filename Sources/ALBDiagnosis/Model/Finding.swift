/// One candidate root cause with its confidence, evidence, how to confirm it and how to fix it.
///
/// JSON keys: `id, title, confidence, count, evidence, confirm, fix, alternatives`, then `status`,
/// `alternative_causes` and `counts_by_status` when present.
public struct Finding: Sendable, Codable, Hashable {
    /// A cause that fits the same errors as this finding but less well (``ErrorAssignment``): the diagnosis
    /// explains each error once, so it is listed here instead of as a second root cause with the same count.
    public struct Alternative: Sendable, Codable, Hashable {
        /// Its cause id.
        public var id: CauseID
        /// Its confidence on its own.
        public var confidence: Double
        /// The errors it would explain on its own.
        public var count: Int
        /// What would show that it, and not the root cause, is at work.
        public var confirm: [String]

        /// Creates one.
        public init(id: CauseID, confidence: Double, count: Int, confirm: [String]) {
            self.id = id
            self.confidence = confidence
            self.count = count
            self.confirm = confirm
        }
    }

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
    /// Causes that fit the same errors less well, with their own confidence (JSON `alternative_causes`,
    /// omitted when empty).
    public var alternativeCauses: [Alternative] = []
    /// The errors this cause explains per `elb_status_code` when it explains more than one code (JSON
    /// `counts_by_status`, keys as strings, omitted when empty): a target that stopped while registered
    /// explains its 502s, the 504 connection timeouts to it and the 460s of clients that gave up on it.
    /// `count` is the sum over the codes the report covers (``counted(selected:)``).
    public var countsByStatus: [Int: Int] = [:]
    /// The errors this finding explains per status code and target (not in JSON): ``ErrorAssignment`` gives
    /// each error to one finding.
    public var claims = ErrorClaims()

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

    private enum CodingKeys: String, CodingKey {
        case id, title, confidence, count, evidence, confirm, fix, alternatives, status
        case alternativeCauses = "alternative_causes"
        case countsByStatus = "counts_by_status"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(CauseID.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        confidence = try c.decode(Double.self, forKey: .confidence)
        count = try c.decode(Int.self, forKey: .count)
        evidence = try c.decodeIfPresent([Evidence].self, forKey: .evidence) ?? []
        confirm = try c.decodeIfPresent([String].self, forKey: .confirm) ?? []
        fix = try c.decodeIfPresent([String].self, forKey: .fix) ?? []
        alternatives = try c.decodeIfPresent([CauseID].self, forKey: .alternatives) ?? []
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        alternativeCauses = try c.decodeIfPresent([Alternative].self, forKey: .alternativeCauses) ?? []
        let byStatus = try c.decodeIfPresent([String: Int].self, forKey: .countsByStatus) ?? [:]
        countsByStatus = Dictionary(uniqueKeysWithValues: byStatus.compactMap { k, v in Int(k).map { ($0, v) } })
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(count, forKey: .count)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(confirm, forKey: .confirm)
        try c.encode(fix, forKey: .fix)
        try c.encode(alternatives, forKey: .alternatives)
        try c.encodeIfPresent(status, forKey: .status)
        if !alternativeCauses.isEmpty { try c.encode(alternativeCauses, forKey: .alternativeCauses) }
        if !countsByStatus.isEmpty {
            try c.encode(
                Dictionary(uniqueKeysWithValues: countsByStatus.map { (String($0.key), $0.value) }),
                forKey: .countsByStatus
            )
        }
    }

    /// This finding counted over the codes a report covers: `count` becomes the sum of ``countsByStatus``
    /// over `selected` (which keeps those codes only, and none when only 502 is left), or nil when it explains
    /// none of them. A finding without per-code counts is returned
    /// as it is when its own code (``status``, 502 when nil) is selected.
    public func counted(selected: Set<Int>) -> Finding? {
        guard !countsByStatus.isEmpty else { return selected.contains(status ?? 502) ? self : nil }
        let counts = countsByStatus.filter { selected.contains($0.key) && $0.value > 0 }
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return nil }
        var finding = self
        finding.count = total
        // Only the codes shown; a 502 report reads as it always did (no per-code counts for 502s alone).
        finding.countsByStatus = Set(counts.keys) == [502] ? [:] : counts
        return finding
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
