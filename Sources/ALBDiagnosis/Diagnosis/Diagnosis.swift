/// The result of running the rules: ranked findings plus the context they were drawn from.
public struct Diagnosis: Sendable {
    /// Findings, most likely first.
    public let findings: [Finding]
    /// What the rules looked at.
    public let context: DiagnosisContext

    /// Runs `rules` over the context and ranks what they find.
    public init(context: DiagnosisContext, rules: [any DiagnosisRule] = DiagnosisRules.all) {
        self.context = context
        findings = Finding.ranked(rules.compactMap { $0.evaluate(context) })
    }

    /// Convenience: aggregate → context → findings.
    public init(logs: TriageAggregator, rules: [any DiagnosisRule] = DiagnosisRules.all) {
        self.init(context: DiagnosisContext(logs: logs), rules: rules)
    }
}
