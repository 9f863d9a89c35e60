import ALBWire

/// Every cause, derived from ``CauseID`` (so none can be left out), and the findings of each evidence source.
public enum Causes {
    /// One instance of every cause, in ``CauseID`` declaration order.
    public static let all: [any Cause] = CauseID.allCases.map(\.cause)

    /// The causes that explain `status` (e.g. 502).
    public static func explaining(status: Int) -> [any Cause] {
        all.filter { $0.statusCodes.contains(status) }
    }

    /// The access-log findings, ranked.
    public static func findings(logs context: DiagnosisContext, causes: [any Cause] = all) -> [Finding] {
        let found = causes.compactMap { $0.fromLogs(context) }
        guard context.loadBalancerLogs != nil else { return Finding.ranked(found) }
        var byCause: [CauseID: Finding] = [:]
        for finding in found { byCause[finding.id] = finding }
        for cause in causes { cause.weighLoadBalancerLogs(context, findings: &byCause) }
        return Finding.ranked(Array(byCause.values))
    }

    /// The findings of one probe, ranked.
    public static func findings(probe observation: ProbeResult, causes: [any Cause] = all) -> [Finding] {
        Finding.ranked(causes.compactMap { $0.fromProbe(observation) })
    }

    /// The findings of one capture analysis, ranked. Empty for a healthy capture.
    public static func findings(capture analysis: CaptureAnalysis, causes: [any Cause] = all) -> [Finding] {
        Finding.ranked(causes.compactMap { $0.fromCapture(analysis) })
    }
}
