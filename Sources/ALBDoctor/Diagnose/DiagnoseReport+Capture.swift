import ALBAccessLog
import ALBDiagnosis
import ALBReport

extension DiagnoseReport {
    /// Merges packet captures (`diagnose --pcap`) into ``causes`` when they cover the targets and times of
    /// the 502s in the access logs; what matched (or why nothing did) is added to ``gathered``.
    public mutating func mergeCapture(paths: [String]) throws(DiagnoseError) {
        guard !paths.isEmpty else { return }
        let targets = (accessLogs?.breakdowns.targets.rows ?? []).compactMap { row -> CaptureMerge.LogTarget? in
            guard row.elb502 > 0, let firstText = row.first502, let lastText = row.last502,
                let first = LogTimestamp(firstText), let last = LogTimestamp(lastText)
            else { return nil }
            return CaptureMerge.LogTarget(endpoint: row.key, elb502: row.elb502, first502: first, last502: last)
        }
        let outcome: CaptureEvidence.Outcome
        do {
            outcome = try CaptureEvidence.merge(findings: causes, logTargets: targets, paths: paths)
        } catch {
            throw .evidence(error.description)
        }
        causes = outcome.findings
        gathered += outcome.notes.map { "packet capture: \($0)" }
    }
}
