import ALBDiagnosis

extension AnalysisReport {
    /// The report of aggregated access logs, however they were aggregated (a local scan, or a query engine's rows
    /// folded into the same aggregate), with the health-check and connection logs read beside them when any
    /// (`loadBalancerLogs`): the 502 diagnosis, the status selection resolved against these logs
    /// (``StatusSelection/resolved(against:)``), and the causes of every selected code ranked together.
    public static func assemble(
        logs: TriageAggregator,
        loadBalancerLogs: LoadBalancerLogs? = nil,
        scan: ScanSummary,
        inputs: [String],
        since: String?,
        until: String?,
        status: StatusSelection
    ) -> (report: AnalysisReport, diagnosis: Diagnosis) {
        let diagnosis = Diagnosis(context: DiagnosisContext(logs: logs, loadBalancerLogs: loadBalancerLogs))
        var report = AnalysisReport(diagnosis: diagnosis, scan: scan, inputs: inputs, since: since, until: until)
        let selection = status.resolved(against: logs.statuses)
        let findings = StatusCauseRules.findings(
            StatusCauseContext(
                statuses: logs.statuses,
                selection: selection,
                departures: diagnosis.context.departures.departures,
                loadBalancerLogs: loadBalancerLogs
            )
        )
        report.apply(selection: selection, automatic: status.automatic, statuses: logs.statuses, findings: findings)
        return (report, diagnosis)
    }
}
