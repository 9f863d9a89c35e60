import ALBAccessLog

/// What the metrics-and-configuration step looks at (``Cause/weigh(_:findings:)``, ``CombinedRule``).
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
