import ALBDoctor

/// The short text an agent reads first: the verdict, the top causes with their counts and confidence, the
/// competing causes for the same errors, and what would settle the doubt. Bounded: at most
/// ``ReportSummary/maximumCauses`` causes, one evidence line and one check each.
public enum ReportSummary {
    /// Causes listed in the summary (the rest stay in the structured report).
    public static let maximumCauses = 5

    /// The summary of `report`; `extra` lines (missing evidence, notes) follow the causes.
    public static func text(_ report: some RenderableReport, extra: [String] = []) -> String {
        var lines: [String] = [report.title]
        if let headline = report.headline { lines.append(headline) }
        let findings = report.findings
        if findings.isEmpty {
            lines.append("Verdict: \(report.noFindingsMessage)")
        } else {
            let top = findings[0]
            lines.append(
                "Verdict: most likely \(top.id.rawValue) (\(top.count) error\(top.count == 1 ? "" : "s"), confidence \(confidence(top.confidence)))."
            )
            lines.append("Causes, most likely first (confidence 0-1: high ≥ 0.75, medium ≥ 0.4, low below):")
            for (index, finding) in findings.prefix(maximumCauses).enumerated() {
                let status = finding.status.map { " [\($0)]" } ?? ""
                lines.append(
                    "\(index + 1). \(finding.id.rawValue)\(status): \(finding.count) error\(finding.count == 1 ? "" : "s"), confidence \(confidence(finding.confidence)) - \(finding.title)"
                )
                if let evidence = finding.evidence.first { lines.append("   evidence: \(evidence.summary)") }
                for alternative in finding.alternativeCauses.prefix(2) {
                    lines.append(
                        "   alternative for the same errors: \(alternative.id.rawValue) (confidence \(confidence(alternative.confidence)) on its own, \(alternative.count) errors)"
                    )
                    if let check = alternative.confirm.first { lines.append("     it, if: \(check)") }
                }
                if let check = finding.confirm.first { lines.append("   to settle: \(check)") }
                if let fix = finding.fix.first { lines.append("   fix: \(fix)") }
            }
            if findings.count > maximumCauses {
                lines.append("… \(findings.count - maximumCauses) more cause(s) in the structured report (causes[]).")
            }
        }
        lines += extra
        return lines.joined(separator: "\n")
    }

    /// `0.95 (high)`.
    static func confidence(_ value: Double) -> String {
        let level = value >= 0.75 ? "high" : (value >= 0.4 ? "medium" : "low")
        let hundredths = Int((value * 100).rounded())
        let text =
            hundredths % 100 < 10
            ? "\(hundredths / 100).0\(hundredths % 100)" : "\(hundredths / 100).\(hundredths % 100)"
        return "\(text) (\(level))"
    }
}
