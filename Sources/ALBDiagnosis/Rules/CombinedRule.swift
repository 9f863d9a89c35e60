import ALBAccessLog

/// A rule that weighs the AWS evidence (metrics, configuration, CloudTrail) together with what the access
/// logs already found: it may add evidence to a log finding, change its confidence, or add a finding the
/// logs could not make (no logs, or a cause the logs cannot see).
public protocol CombinedRule: Sendable {
    /// Updates `findings` (keyed by cause) from `context`.
    func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding])
}

/// What combined rules look at.
public struct CombinedContext: Sendable {
    /// The access-log diagnosis context, when logs were read.
    public var logs: DiagnosisContext?
    /// Configuration, metrics and CloudTrail events.
    public var inputs: EvidenceInputs

    /// Creates a context.
    public init(logs: DiagnosisContext?, inputs: EvidenceInputs) {
        self.logs = logs
        self.inputs = inputs
    }

    /// ELB-generated 502s: from the logs when read, else the metric.
    public var elb502: Int? {
        if let logs { return logs.logs.elb502 }
        return inputs.total("HTTPCode_ELB_502_Count")
    }
}

/// The combined rules, in a fixed order.
public enum CombinedRules {
    /// Every combined rule.
    public static let all: [any CombinedRule] = [
        CombinedConnectionRule(),
        CombinedTLSRule(),
        CombinedKeepAliveRule(),
        CombinedDeregistrationRule(),
        CombinedRegistrationRule(),
        CombinedLambdaRule(),
        CombinedTargetApplicationRule(),
        CombinedMalformedResponseRule(),
        CombinedNetworkRule(),
        CombinedHealthyHostRule(),
        TargetStoppedWhileRegisteredCause(),
    ]
}

extension Finding {
    /// Adds evidence and raises the confidence to at least `minimum`.
    mutating func strengthen(to minimum: Double, adding more: [Evidence]) {
        evidence += more
        confidence = Finding.clamp(max(confidence, minimum))
    }

    /// Adds evidence and lowers the confidence by `delta` (not below `floor`).
    mutating func weaken(by delta: Double, floor: Double = 0.1, adding more: [Evidence]) {
        evidence += more
        confidence = Finding.clamp(max(floor, confidence - delta))
    }
}
