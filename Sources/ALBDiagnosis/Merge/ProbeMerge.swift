import ALBWire

/// Joins active probes to the findings of `diagnose`: which targets to probe, how a probe's result changes a
/// finding (confirmed → more confidence, healthy on that check → less, a new cause → a new finding), and,
/// without probes, the exact `alb-doctor probe` command that would settle each open question.
///
/// Pure: the probing itself is done by the caller.
public enum ProbeMerge {
    /// A registered target a probe can reach: `ip:port`, its probe URL and its target group.
    public struct Candidate: Sendable, Hashable {
        /// `ip:port` as the access logs write it.
        public var address: String
        /// `scheme://ip:port/health-check-path`.
        public var url: String
        /// The target group's name.
        public var targetGroup: String
        /// Whether the target group speaks HTTPS to its targets.
        public var https: Bool

        /// Creates a candidate.
        public init(address: String, url: String, targetGroup: String, https: Bool) {
            self.address = address
            self.url = url
            self.targetGroup = targetGroup
            self.https = https
        }
    }

    /// The causes a probe of the target can confirm or weaken (``Cause/probeable``).
    public static var probeableCauses: Set<CauseID> { Set(Causes.all.filter(\.probeable).map(\.id)) }

    /// Every registered IP or instance target with a known address, in target-group order.
    public static func candidates(targetGroups: [TargetGroupSnapshot]) -> [Candidate] {
        var out: [Candidate] = []
        var seen = Set<String>()
        for group in targetGroups {
            let type = group.targetType ?? "instance"
            guard type == "ip" || type == "instance" else { continue }
            let https = group.protocol?.uppercased() == "HTTPS"
            var path = group.healthCheckPath ?? "/"
            if !path.hasPrefix("/") { path = "/" + path }
            for target in group.targets ?? [] {
                var t = target
                if t.port == nil { t.port = group.port }
                guard let address = t.logAddress, seen.insert(address).inserted else { continue }
                out.append(
                    Candidate(
                        address: address,
                        url: (https ? "https://" : "http://") + address + path,
                        targetGroup: group.name,
                        https: https
                    )
                )
            }
        }
        return out
    }

    /// The targets to probe for these findings, at most `limit`: first those a probeable finding names (in its
    /// evidence), then the others of the same target groups. Empty when no finding is probeable.
    public static func targetsToProbe(findings: [Finding], candidates: [Candidate], limit: Int) -> [Candidate] {
        let open = findings.filter { probeableCauses.contains($0.id) }
        guard !open.isEmpty, limit > 0 else { return [] }
        let named = candidates.filter { c in open.contains { mentions($0, c.address) } }
        let rest = candidates.filter { !named.contains($0) }
        return Array((named + rest).prefix(limit))
    }

    /// Adds to each finding a probe could settle a `confirm` entry with the exact `alb-doctor probe` command
    /// for its targets (those its evidence names, else up to `limit` of the candidates).
    public static func addProbeCommands(
        to findings: [Finding],
        candidates: [Candidate],
        idleTimeout: Int?,
        backendPolicy: String,
        limit: Int = 3
    ) -> [Finding] {
        findings.map { finding in
            guard let outcome = finding.id.cause.probeOutcome else { return finding }
            let named = candidates.filter { mentions(finding, $0.address) }
            let chosen = Array((named.isEmpty ? candidates : named).prefix(limit))
            guard !chosen.isEmpty else { return finding }
            var command = "alb-doctor probe " + chosen.map(\.url).joined(separator: " ")
            command += " --idle-timeout \(idleTimeout ?? 60)"
            if chosen.contains(where: \.https) { command += " --backend-policy \(backendPolicy)" }
            if finding.id != .targetKeepaliveTimeout { command += " --quick" }
            var out = finding
            let exact =
                "Probe the target\(chosen.count == 1 ? "" : "s") from a host in the load balancer's subnets: `\(command)` "
                + "(or `alb-doctor diagnose --probe` from there): \(outcome)."
            // The rules' generic "`alb-doctor probe` …" hints say the same without the arguments: the exact
            // command takes the place of the first one.
            if let first = out.confirm.firstIndex(where: Self.isGenericProbeHint) {
                out.confirm.removeAll(where: Self.isGenericProbeHint)
                out.confirm.insert(exact, at: min(first, out.confirm.count))
            } else {
                out.confirm.append(exact)
            }
            return out
        }
    }

    /// A `confirm` entry whose only command is `alb-doctor probe` without a target URL (entries that also
    /// name another command, such as `openssl s_client …`, are kept).
    static func isGenericProbeHint(_ text: String) -> Bool {
        text.contains("`alb-doctor probe") && !text.contains("`alb-doctor probe http")
            && text.filter { $0 == "`" }.count == 2
    }

    /// Merges probe observations into the findings: a probe finding with the same cause adds its evidence and
    /// raises the confidence (``EvidenceMerge/confirmed(_:by:)``); a new probe cause is added; a target found healthy on the check of an open cause
    /// lowers that cause's confidence. Each change is said in an `Evidence` of source `probe`. Ranked.
    public static func merge(findings: [Finding], observations: [ProbeResult]) -> [Finding] {
        var merged = findings
        let probed = observations.map { ($0, Causes.findings(probe: $0)) }
        for (observation, probeFindings) in probed {
            for found in probeFindings {
                if let index = merged.firstIndex(where: { $0.id == found.id }) {
                    let before = merged[index].confidence
                    let after = EvidenceMerge.confirmed(before, by: found.confidence)
                    merged[index].evidence += found.evidence
                    merged[index].evidence.append(
                        Evidence(
                            source: .probe,
                            summary:
                                "The probe of \(observation.label) confirms this cause: confidence raised from \(percent(before)) to \(percent(after)).",
                            details: [
                                "target": observation.target.url, "effect": "confirmed",
                                "confidence_before": percent(before), "confidence_after": percent(after),
                            ]
                        )
                    )
                    merged[index].confidence = after
                } else {
                    var added = found
                    added.evidence.append(
                        Evidence(
                            source: .probe,
                            summary:
                                "Found by the probe of \(observation.label); the logs and metrics did not point at it.",
                            details: ["target": observation.target.url, "effect": "added"]
                        )
                    )
                    merged.append(added)
                }
            }
        }
        for index in merged.indices {
            let finding = merged[index]
            guard !probed.contains(where: { $0.1.contains { $0.id == finding.id } })
            else { continue }
            let relevant = observations.filter { mentions(finding, hostPort($0.target.url)) }
            let checked = (relevant.isEmpty ? observations : relevant).compactMap { o in
                finding.id.cause.probeHealthy(o).map { (o, $0) }
            }
            guard !checked.isEmpty else { continue }
            let before = finding.confidence
            let after = EvidenceMerge.contradicted(before)
            let targets = checked.map { "\($0.0.label): \($0.1)" }
            merged[index].confidence = after
            merged[index].evidence.append(
                Evidence(
                    source: .probe,
                    summary:
                        "The probe found \(checked.count == 1 ? "the target" : "\(checked.count) targets") healthy on this check (\(Phrase.list(targets, limit: 3))): confidence lowered from \(percent(before)) to \(percent(after)). The cause may have passed, or lie between the load balancer and the target rather than in the target.",
                    details: [
                        "targets": checked.map(\.0.target.url).joined(separator: ","), "effect": "weakened",
                        "confidence_before": percent(before), "confidence_after": percent(after),
                    ]
                )
            )
        }
        return Finding.ranked(merged)
    }

    /// Whether the finding's evidence names `address` (`ip:port`).
    static func mentions(_ finding: Finding, _ address: String) -> Bool {
        guard !address.isEmpty else { return false }
        return finding.evidence.contains { e in
            e.summary.contains(address) || e.details.values.contains { $0.contains(address) }
                || e.examples.contains { $0.contains(address) }
        }
    }

    /// `ip:port` of a URL (`http://10.0.0.1:8080/x` → `10.0.0.1:8080`).
    static func hostPort(_ url: String) -> String {
        let parts = url.split(separator: "/", omittingEmptySubsequences: true)
        // `http:`, `host:port`, path… — or a bare `host:port/path`.
        guard let first = parts.first else { return "" }
        return String(first.hasSuffix(":") && parts.count > 1 ? parts[1] : first)
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
