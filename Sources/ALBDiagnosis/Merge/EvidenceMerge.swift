/// The one policy for how a further piece of evidence changes the confidence of a finding. Every source
/// after the first goes through these four operations, so a cause's file only says what it saw and how sure
/// that reading is on its own.
///
/// - **Confirmed** by an independent source that found the same cause on its own (a probe, a packet capture):
///   the confidence moves at least half way to certainty and at least to the confirming source's own
///   confidence, never above 0.99 unless it was already there (no two readings make a cause certain), and
///   never down: `max(before, min(0.99, max(found, before + (1 − before) / 2)))`.
/// - **Contradicted** by a direct check that found the target healthy on exactly what the cause breaks (a probe
///   that connected, completed the handshake, got a valid response or kept the idle connection open): the cause
///   may have passed or lie elsewhere, so the confidence keeps 60 %: `before × 0.6`.
/// - **Supported** by a metric or setting consistent with the cause (``Finding/strengthen(to:adding:)``): the
///   confidence is raised to the floor the reading justifies, `max(before, minimum)`.
/// - **Weakened** by a metric or setting that fits another cause better (``Finding/weaken(by:floor:adding:)``):
///   the confidence drops by a named amount, not below a floor (0.1 unless said), `max(floor, before − delta)`.
///
/// Every change is also said in an `Evidence` of the source that made it, with the confidence before and after
/// where it changed.
public enum EvidenceMerge {
    /// The confidence after an independent source confirmed the cause with confidence `found`.
    public static func confirmed(_ before: Double, by found: Double) -> Double {
        max(before, Finding.clamp(min(0.99, max(found, before + (1 - before) / 2))))
    }

    /// The confidence after a direct check found the target healthy on the cause's check.
    public static func contradicted(_ before: Double) -> Double {
        Finding.clamp(before * 0.6)
    }
}

extension Finding {
    /// Supported: adds evidence and raises the confidence to at least `minimum` (``EvidenceMerge``).
    mutating func strengthen(to minimum: Double, adding more: [Evidence]) {
        evidence += more
        confidence = Finding.clamp(max(confidence, minimum))
    }

    /// Weakened: adds evidence and lowers the confidence by `delta`, not below `floor` (``EvidenceMerge``).
    mutating func weaken(by delta: Double, floor: Double = 0.1, adding more: [Evidence]) {
        evidence += more
        confidence = Finding.clamp(max(floor, confidence - delta))
    }
}
