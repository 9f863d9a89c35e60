import ALBAccessLog
import ALBDiagnosis
import ALBWire
import PacketCapture

/// Reads `--pcap` files and merges their findings into the findings of the access logs
/// (``CaptureMerge``), for `analyze` and `diagnose`.
public enum CaptureEvidence {
    /// The merged findings and the sentences the report adds to its notes.
    public struct Outcome: Sendable {
        /// Findings after the merge (unchanged when the capture did not match the logs).
        public var findings: [Finding]
        /// What matched or why nothing did, then any capture read errors.
        public var notes: [String]
    }

    /// Analyses `paths` together as one capture and merges it with `findings` for the 502s in `logs`.
    /// Throws when no capture file could be read at all.
    public static func merge(
        findings: [Finding],
        logs: TriageAggregator,
        paths: [String]
    ) throws(AnalysisError) -> Outcome {
        do {
            return try merge(findings: findings, logTargets: logTargets(logs), paths: paths)
        } catch {
            throw .capture(error.problems)
        }
    }

    /// No capture file could be read; one message per file.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        /// What went wrong with each file.
        public var problems: [String]
        /// `no packet capture could be read: …`.
        public var description: String {
            "no packet capture could be read: " + problems.joined(separator: "; ")
        }
    }

    /// Analyses `paths` together as one capture and merges it with `findings` for the 502s on `logTargets`.
    public static func merge(
        findings: [Finding],
        logTargets: [CaptureMerge.LogTarget],
        paths: [String]
    ) throws(ReadError) -> Outcome {
        let analysis = CaptureAnalyzer().analyze(paths: paths)
        if !analysis.files.isEmpty, analysis.files.allSatisfy({ $0.packets == 0 && $0.error != nil }) {
            throw ReadError(problems: analysis.errors.map(\.description))
        }
        let capture = CaptureMerge.Capture(
            files: paths,
            targets: analysis.connections.topTargets.map(endpoint(fromTopTarget:)),
            first: analysis.firstPacketTime.flatMap { LogTimestamp($0) },
            last: analysis.lastPacketTime.flatMap { LogTimestamp($0) },
            findings: Causes.findings(capture: analysis)
        )
        let result = CaptureMerge.merge(logFindings: findings, logTargets: logTargets, capture: capture)
        let problems = analysis.errors.map { "Packet capture: \($0.description) (packets before it were used)." }
        return Outcome(findings: result.findings, notes: [result.note] + problems)
    }

    /// The targets with 502s and their first/last 502, from the triage aggregator: the one collector of
    /// `analyze --pcap` and `diagnose --pcap`.
    public static func logTargets(_ logs: TriageAggregator) -> [CaptureMerge.LogTarget] {
        logs.targetRows.compactMap { row in
            guard row.stats.elb502 > 0, let first = row.stats.span502.first, let last = row.stats.span502.last
            else { return nil }
            return CaptureMerge.LogTarget(
                endpoint: row.key,
                elb502: row.stats.elb502,
                first502: LogTimestamp(microsecondsSinceEpoch: first),
                last502: LogTimestamp(microsecondsSinceEpoch: last)
            )
        }
    }

    /// `10.0.1.5:8080: 12` → `10.0.1.5:8080`.
    static func endpoint(fromTopTarget text: String) -> String {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0].hasSuffix(":") else { return text }
        return String(parts[0].dropLast())
    }
}
