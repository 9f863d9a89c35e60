import ALBAccessLog

/// Merges the findings of a packet capture into the findings of the access logs, but only when the
/// capture saw a target that produced 502s in the logs, at a time that overlaps those 502s.
///
/// A capture cause that matches a log cause adds its packet-capture evidence to that finding and raises
/// its confidence (``EvidenceMerge/confirmed(_:by:)``); a capture cause the logs did not find is added as its own finding. When the capture
/// saw other targets or another time, nothing is merged and ``Result/note`` says why.
public enum CaptureMerge {
    /// One target that produced 502s in the logs, with the time of its first and last 502.
    public struct LogTarget: Sendable, Hashable {
        /// `ip:port` as the log writes it (IPv6 may be bracketed).
        public var endpoint: String
        /// 502s attributed to this target.
        public var elb502: Int
        /// First 502 on this target.
        public var first502: LogTimestamp
        /// Last 502 on this target.
        public var last502: LogTimestamp

        /// Creates a log target.
        public init(endpoint: String, elb502: Int, first502: LogTimestamp, last502: LogTimestamp) {
            self.endpoint = endpoint
            self.elb502 = elb502
            self.first502 = first502
            self.last502 = last502
        }
    }

    /// What the capture covered and found.
    public struct Capture: Sendable, Hashable {
        /// Capture files, for the evidence text.
        public var files: [String]
        /// Target endpoints (`ip:port`) the capture saw connections to.
        public var targets: [String]
        /// First packet time (`nil` when no packet was read).
        public var first: LogTimestamp?
        /// Last packet time.
        public var last: LogTimestamp?
        /// The capture rules' findings.
        public var findings: [Finding]

        /// Creates a capture summary.
        public init(
            files: [String],
            targets: [String],
            first: LogTimestamp?,
            last: LogTimestamp?,
            findings: [Finding]
        ) {
            self.files = files
            self.targets = targets
            self.first = first
            self.last = last
            self.findings = findings
        }
    }

    /// The merged findings and what happened.
    public struct Result: Sendable {
        /// The findings, ranked: the log findings, enriched when the capture matched.
        public var findings: [Finding]
        /// Whether the capture matched the 502s (and its findings were merged).
        public var matched: Bool
        /// Log targets whose 502s the capture covers.
        public var matchedTargets: [String]
        /// One sentence for the report: what matched and what was merged, or why nothing was.
        public var note: String
    }

    /// How far apart (microseconds) the capture and the 502s may be and still count as overlapping:
    /// log times are when the load balancer answered, packet times when the target's host saw the packet.
    public static let defaultToleranceMicros: Int64 = 5_000_000

    /// Merges `capture` into `logFindings` when it covers one of `logTargets` in time.
    public static func merge(
        logFindings: [Finding],
        logTargets: [LogTarget],
        capture: Capture,
        toleranceMicros: Int64 = defaultToleranceMicros
    ) -> Result {
        let files = capture.files.joined(separator: ", ")
        let with502 = logTargets.filter { $0.elb502 > 0 }
        guard let first = capture.first, let last = capture.last else {
            return Result(
                findings: logFindings,
                matched: false,
                matchedTargets: [],
                note: "The packet capture (\(files)) did not match the logs: it has no packets; nothing merged."
            )
        }
        let captured = Set(capture.targets.map(normalized))
        let sameTarget = with502.filter { captured.contains(normalized($0.endpoint)) }
        let matching = sameTarget.filter {
            $0.first502.microsecondsSinceEpoch - toleranceMicros <= last.microsecondsSinceEpoch
                && $0.last502.microsecondsSinceEpoch + toleranceMicros >= first.microsecondsSinceEpoch
        }
        let span = "\(first) to \(last)"
        guard !matching.isEmpty else {
            let reason: String
            if with502.isEmpty {
                reason = "the logs have no 502 with a target"
            } else if sameTarget.isEmpty {
                reason =
                    "different target: the capture saw \(list(capture.targets)), the 502s were on \(list(with502.map(\.endpoint)))"
            } else {
                let times = sameTarget.map { "\($0.endpoint) from \($0.first502) to \($0.last502)" }
                reason =
                    "different time: the capture covers \(span), the 502s were on \(times.joined(separator: ", "))"
            }
            return Result(
                findings: logFindings,
                matched: false,
                matchedTargets: [],
                note: "The packet capture (\(files)) did not match the logs (\(reason)); nothing merged."
            )
        }
        let targets = matching.map(\.endpoint)
        let times = matching.map { "\($0.endpoint): \($0.first502) to \($0.last502)" }.joined(separator: ", ")
        let scope = "capture \(files) of \(list(targets)) from \(span), overlapping the 502s (\(times))"
        var findings = logFindings
        var merged: [CauseID] = []
        var added: [CauseID] = []
        for found in capture.findings {
            let details = [
                "capture_files": files,
                "capture_first_packet": first.description,
                "capture_last_packet": last.description,
                "matched_targets": targets.joined(separator: ","),
            ]
            if let index = findings.firstIndex(where: { $0.id == found.id }) {
                var finding = findings[index]
                let before = finding.confidence
                finding.confidence = EvidenceMerge.confirmed(before, by: found.confidence)
                var mergeDetails = details
                mergeDetails["confidence_before"] = String(before)
                mergeDetails["confidence_after"] = String(finding.confidence)
                finding.evidence.append(
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "The packet \(scope) shows the same cause; confidence raised from \(before) to \(finding.confidence).",
                        details: mergeDetails
                    )
                )
                finding.evidence += found.evidence
                findings[index] = finding
                merged.append(found.id)
            } else {
                var finding = found
                finding.evidence.insert(
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "Found only in the packet \(scope); the access logs alone did not point to this cause.",
                        details: details
                    ),
                    at: 0
                )
                findings.append(finding)
                added.append(found.id)
            }
        }
        var note = "The packet capture (\(files)) matches the 502s in the logs (\(times); capture \(span))"
        if capture.findings.isEmpty {
            note += " but shows no cause."
        } else {
            var parts: [String] = []
            if !merged.isEmpty { parts.append("confirms \(merged.map(\.rawValue).joined(separator: ", "))") }
            if !added.isEmpty { parts.append("adds \(added.map(\.rawValue).joined(separator: ", "))") }
            note += ": it " + parts.joined(separator: " and ") + "."
        }
        return Result(findings: Finding.ranked(findings), matched: true, matchedTargets: targets, note: note)
    }

    /// `ip:port` without IPv6 brackets, lower-cased.
    static func normalized(_ endpoint: String) -> String {
        endpoint.filter { $0 != "[" && $0 != "]" }.lowercased()
    }

    /// At most five endpoints, then `and N more`.
    static func list(_ endpoints: [String]) -> String {
        guard !endpoints.isEmpty else { return "no target" }
        let shown = endpoints.prefix(5).joined(separator: ", ")
        return endpoints.count > 5 ? "\(shown) and \(endpoints.count - 5) more" : shown
    }
}
