import ALBAccessLog
import ALBDiagnosis
import ALBReport

extension DiagnoseReport {
    /// Merges packet captures (`diagnose --pcap`) into ``causes`` when they cover the targets and times of
    /// the 502s in the access logs (every target of ``logTargets``, as `analyze --pcap`); what matched (or why
    /// nothing did) is added to ``gathered``.
    public mutating func mergeCapture(paths: [String]) throws(DiagnoseError) {
        guard !paths.isEmpty else { return }
        let outcome: CaptureEvidence.Outcome
        do {
            outcome = try CaptureEvidence.merge(findings: causes, logTargets: logTargets, paths: paths)
        } catch {
            throw .evidence(error.description)
        }
        causes = outcome.findings
        gathered += outcome.notes.map { "packet capture: \($0)" }
    }
}
