/// The result of reading the access logs with every cause: ranked findings plus the context they were drawn from.
public struct Diagnosis: Sendable {
    /// Findings, most likely first.
    public let findings: [Finding]
    /// What the rules looked at.
    public let context: DiagnosisContext

    /// Reads the context with every cause (``Cause/fromLogs(_:)``), gives each error to the cause that
    /// explains it best (``ErrorAssignment``) and ranks what they find.
    public init(context: DiagnosisContext, causes: [any Cause] = Causes.all) {
        self.context = context
        findings = ErrorAssignment.assign(Causes.findings(logs: context, causes: causes), totals: context.claimTotals)
    }

    /// Convenience: aggregate → context → findings.
    public init(logs: TriageAggregator, causes: [any Cause] = Causes.all) {
        self.init(context: DiagnosisContext(logs: logs), causes: causes)
    }
}
