/// One count seen both in the access logs and in CloudWatch, and whether they agree.
public struct CountComparison: Sendable, Codable, Hashable {
    /// What is counted (`ELB 502s`, `requests`).
    public var quantity: String
    /// The metric.
    public var metric: String
    /// Count in the access logs read.
    public var logs: Int
    /// Count in the metric.
    public var metrics: Int
    /// Whether they agree within max(5, 5 %).
    public var agrees: Bool
    /// What a disagreement may mean.
    public var note: String?

    /// Compares the logs with the metrics; empty unless both are present.
    public static func compare(logs: TriageAggregator?, inputs: EvidenceInputs) -> [CountComparison] {
        guard let logs, inputs.metrics != nil else { return [] }
        var out: [CountComparison] = []
        let pairs: [(String, String, Int)] = [
            // The logs' elb_status_code 502 includes the targets' own 502s passed through; the metric does not.
            ("ELB 502s", "HTTPCode_ELB_502_Count", logs.elb502 - logs.count(of: .targetReturned502)),
            ("requests", "RequestCount", logs.requests),
        ]
        for (quantity, metric, logCount) in pairs {
            guard let metricCount = inputs.total(metric) else { continue }
            let diff = abs(metricCount - logCount)
            let agrees = diff <= max(5, Int((Double(max(metricCount, logCount)) * 0.05).rounded()))
            var note: String?
            if !agrees {
                note =
                    logCount < metricCount
                    ? "The logs hold fewer than the metric: log files may be missing (delivered every 5 minutes, so the last minutes of the window may not be in S3 yet), filtered out by the window, or unreadable (see skipped lines)."
                    : "The logs hold more than the metric: the logs may include another load balancer writing to the same prefix, or CloudWatch data for the window is still partial."
            }
            out.append(
                CountComparison(
                    quantity: quantity,
                    metric: metric,
                    logs: logCount,
                    metrics: metricCount,
                    agrees: agrees,
                    note: note
                )
            )
        }
        return out
    }
}
