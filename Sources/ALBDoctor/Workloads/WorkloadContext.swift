import ALBDiagnosis
import ALBReport

/// Joins workloads read offline (`--kube-pods`) to an access-log analysis: the
/// `target-stopped-while-registered` finding and the workload names of the listed targets.
enum WorkloadContext {
    /// Reads every `--kube-pods` file: the workloads and a note per file on pods left out.
    static func read(kubePods paths: [String]) throws(KubePods.ReadError) -> (workloads: [Workload], notes: [String]) {
        var workloads: [Workload] = []
        var notes: [String] = []
        for path in paths {
            let pods = try KubePods(path: path)
            workloads += pods.workloads
            notes.append(
                "\(path): \(pods.workloads.count) pod address\(pods.workloads.count == 1 ? "" : "es") read\(pods.skipped > 0 ? "; \(pods.skipped) pod\(pods.skipped == 1 ? "" : "s") without an IP skipped" : "")."
            )
        }
        return (workloads, notes)
    }

    /// Adds the stop finding (when the logs' 502s line up with a workload's stop) and names the targets.
    static func apply(_ workloads: [Workload], diagnosis: Diagnosis, to report: inout AnalysisReport) {
        guard !workloads.isEmpty else { return }
        let stopped = TargetStoppedWhileRegisteredCause.match(
            targets: TargetStoppedWhileRegisteredCause.targetErrors(diagnosis.context),
            workloads: workloads,
            changes: [],
            groups: []
        )
        if let finding = TargetStoppedWhileRegisteredCause.finding(stopped, departures: diagnosis.context.departures) {
            // Each error explained once: a cause the logs alone gave the same errors (a deregistration cut that is
            // really the kill at the end of the grace period) becomes the stop's alternative.
            report.causes = ErrorAssignment.assign(
                report.causes.filter { $0.id != finding.id } + [finding],
                totals: diagnosis.context.claimTotals
            )
        }
        // A target whose 502s line up with one workload's stop is named after that workload only (an address a
        // new pod reused is not the one that failed).
        report.name(
            workloads: workloads,
            matched: Dictionary(stopped.map { ($0.target, $0.workload) }, uniquingKeysWith: { first, _ in first })
        )
    }
}
