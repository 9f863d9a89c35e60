import ALBAccessLog

/// The diagnosis of `alb-doctor diagnose`: the access-log findings (when logs were read) weighed together
/// with metrics, configuration and CloudTrail by each cause and the cross-cause `CombinedRules`, plus the source attribution and the
/// comparison of the logs' and the metrics' counts.
public struct CombinedDiagnosis: Sendable {
    /// Findings, most likely first.
    public let findings: [Finding]
    /// The access-log diagnosis, when logs were read.
    public let logs: Diagnosis?
    /// The other evidence.
    public let inputs: EvidenceInputs
    /// Who produced the errors according to the metrics (nil without metrics).
    public let attribution: SourceAttribution?
    /// The logs' counts against the metrics' (empty unless both were gathered).
    public let comparisons: [CountComparison]

    /// Weighs the evidence: every cause's ``Cause/weigh(_:findings:)`` in ``CauseID`` order, then the
    /// cross-cause rules; then each error goes to the finding that explains it best (``ErrorAssignment``).
    public init(
        logs: Diagnosis?,
        inputs: EvidenceInputs,
        causes: [any Cause] = Causes.all,
        rules: [any CombinedRule] = CombinedRules.all
    ) {
        self.logs = logs
        self.inputs = inputs
        var byCause: [CauseID: Finding] = [:]
        for finding in logs?.findings ?? [] { byCause[finding.id] = finding }
        let context = CombinedContext(logs: logs?.context, inputs: inputs)
        for cause in causes { cause.weigh(context, findings: &byCause) }
        for rule in rules { rule.apply(context, to: &byCause) }
        findings = ErrorAssignment.assign(Array(byCause.values), totals: logs?.context.claimTotals ?? [:])
        attribution = SourceAttribution(inputs: inputs)
        comparisons = CountComparison.compare(logs: logs?.context.logs, inputs: inputs)
    }
}
