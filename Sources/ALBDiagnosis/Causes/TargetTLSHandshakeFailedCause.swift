import ALBAccessLog
import ALBWire

/// `target-tls-handshake-failed`: not-dispatched 502s on targets that speak HTTPS.
public struct TargetTLSHandshakeFailedCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .targetTLSHandshakeFailed }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "TLS handshake to the HTTPS target failed" }
    public var probeable: Bool { true }
    public var probeOutcome: String? {
        "it reports the handshake alert and which of the policy's versions and ciphers the target accepts"
    }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
    /// HTTPS health checks that FAILed with `TimedOut` (which includes a TLS handshake that does not complete)
    /// in the minutes of the HTTPS targets' not-dispatched 502s.
    public func weighLoadBalancerLogs(_ context: DiagnosisContext, findings: inout [CauseID: Finding]) {
        let targets = context.notDispatched.clusters.filter { $0.kind == .httpsTargets }.flatMap(\.targets).map(
            \.target
        )
        HealthCheckReading(reasons: HealthCheckReading.timeouts, errors: "not-dispatched 502s", tlsOnly: true)
            .apply(id, targets: targets, context: context, findings: &findings)
    }
    public func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding]) {
        AWSReading().apply(context, to: &findings)
    }
    public func fromProbe(_ observation: ProbeResult) -> Finding? { ProbeReading().evaluate(observation) }
    public func probeHealthy(_ observation: ProbeResult) -> String? {
        guard let tls = observation.tls, tls.policyHandshake.accepted else { return nil }
        return "TLS handshake with \(tls.policy.name) completed"
    }
    public func fromCapture(_ analysis: CaptureAnalysis) -> Finding? {
        CaptureReading.findings(for: analysis).first
    }
}

extension TargetTLSHandshakeFailedCause {
    // MARK: - Access logs

    /// `target-tls-handshake-failed`: not-dispatched 502s on targets that speak HTTPS.
    struct AccessLogReading {
        public init() {}
        public var cause: CauseID { .targetTLSHandshakeFailed }

        public func evaluate(_ context: DiagnosisContext) -> Finding? {
            let clusters = context.notDispatched.clusters.filter { $0.kind == .httpsTargets }
            guard !clusters.isEmpty else { return nil }
            let count = clusters.reduce(0) { $0 + $1.count }
            var evidence: [Evidence] = []
            var names: [String] = []
            for c in clusters {
                for t in c.targets {
                    names.append(t.target)
                    let nd = t.stats.signatures[.notDispatched]
                    let ok = t.stats.requests - t.stats.elb502
                    evidence.append(
                        Evidence(
                            source: .accessLog,
                            summary:
                                "\(nd) not-dispatched 502s on \(t.target) in target group \(t.targetGroup ?? "-"), which serves HTTPS (port or name), from \(Phrase.time(t.stats.spanNotDispatched.first)) to \(Phrase.time(t.stats.spanNotDispatched.last)); \(ok) of its \(t.stats.requests) requests succeeded.",
                            details: [
                                "target": t.target, "target_group": t.targetGroup ?? "-", "count": String(nd),
                                "requests": String(t.stats.requests),
                            ],
                            examples: Array(t.stats.examples.lines.prefix(1))
                        )
                    )
                }
            }
            let first = names.first ?? "<target>"
            return Finding(
                id: cause,
                confidence: 0.65,
                count: count,
                evidence: evidence,
                confirm: [
                    "CloudWatch TargetTLSNegotiationErrorCount (per TargetGroup) has data points with these 502s; TargetConnectionErrorCount does not (TCP itself connected).",
                    "From inside the VPC: `openssl s_client -connect \(first) -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256` (a cipher of ELBSecurityPolicy-2016-08) fails, or `alb-doctor probe` with TLS against \(first) reports a handshake alert.",
                    "A capture on the target (`sudo tcpdump -i any -w tls.pcap 'tcp port \(TargetAddress.port(of: first).map(String.init) ?? "443")'`) shows the ClientHello answered by an alert (handshake_failure, protocol_version) or a reset.",
                ],
                fix: [
                    "Let the target accept what the load balancer offers to targets: with a listener policy without TLS 1.3 that is ELBSecurityPolicy-2016-08 (TLS 1.0-1.2, ECDHE-RSA-AES128-GCM-SHA256 and friends); with a TLS 1.3 listener policy, ELBSecurityPolicy-TLS13-1-0-2021-06. A target that only allows TLS 1.3 or only exotic ciphers fails.",
                    "The certificate on the target is not validated (self-signed or expired is fine); the protocol version and cipher suites are what must match.",
                    "If TLS to the target is not required, use an HTTP target group instead.",
                ],
                alternatives: [.targetRefusedConnection]
            )
        }
    }

    // MARK: - Probe

    /// `target-tls-handshake-failed` from a probe: the handshake offering the back-end policy failed; the
    /// per-version and per-suite handshakes say exactly what does not overlap.
    struct ProbeReading {
        public init() {}
        public var cause: CauseID { .targetTLSHandshakeFailed }

        public func evaluate(_ observation: ProbeResult) -> Finding? {
            guard let tls = observation.tls, !tls.policyHandshake.accepted else { return nil }
            let address = observation.address ?? observation.target.url
            let policyVersions = tls.policy.versions.map(\.rawValue)
            let versionsInPolicy = tls.versionsAccepted.filter { policyVersions.contains($0) }
            let suitesInPolicy = tls.acceptedSuites.filter { tls.policy.suites.contains($0) }
            let suitesOutside = tls.acceptedSuites.filter { !tls.policy.suites.contains($0) }
            let failure = [tls.policyHandshake.alert.map { "alert \($0)" }, tls.policyHandshake.error].compactMap { $0 }
                .joined(separator: ", ")

            var mismatch: String
            var fix: [String] = []
            var confidence = 0.95
            let policyRange = Phrase.list(policyVersions, limit: 4)
            if !tls.versionsAccepted.isEmpty && versionsInPolicy.isEmpty {
                mismatch =
                    "the target accepts only \(Phrase.list(tls.versionsAccepted)), but \(tls.policy.name) offers \(policyRange)"
                if tls.versionsAccepted == ["TLSv1.3"] {
                    fix.append(
                        "Enable TLS 1.2 on the target next to TLS 1.3 (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`; Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`; Java: `jdk.tls.server.protocols=TLSv1.2,TLSv1.3`; Go: `tls.Config{MinVersion: tls.VersionTLS12}`)."
                    )
                    fix.append(
                        "Or give the load balancer's HTTPS listener a TLS 1.3 security policy (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06): the back end then uses ELBSecurityPolicy-TLS13-1-0-2021-06, which offers TLS 1.3."
                    )
                } else {
                    fix.append("Enable one of \(policyRange) on the target.")
                }
            } else if !versionsInPolicy.isEmpty && suitesInPolicy.isEmpty && !tls.acceptedSuites.isEmpty {
                mismatch =
                    "the target speaks \(Phrase.list(versionsInPolicy)) but accepts only \(Phrase.list(suitesOutside)), none of the cipher suites of \(tls.policy.name)"
                fix.append(
                    "Add suites of \(tls.policy.name) to the target's list, e.g. ECDHE-RSA-AES128-GCM-SHA256 and ECDHE-RSA-AES256-GCM-SHA384 for an RSA certificate (ECDHE-ECDSA-… for an ECDSA one): nginx `ssl_ciphers`, Apache `SSLCipherSuite`, Java `jdk.tls.disabledAlgorithms`/connector `ciphers`, Go `tls.Config.CipherSuites`."
                )
            } else if tls.versionsAccepted.isEmpty && tls.acceptedSuites.isEmpty {
                mismatch =
                    "no handshake completed with any TLS version or suite the probe can offer (\(failure.isEmpty ? "no reason given" : failure)); the target may not speak TLS on this port, or require something the probe does not offer (client certificate, a cipher BoringSSL lacks)"
                confidence = 0.7
                fix.append(
                    "Check that the target serves HTTPS on this port (a plain-HTTP target needs an HTTP target group), and its TLS settings and certificate."
                )
            } else {
                mismatch =
                    "the versions (\(Phrase.list(tls.versionsAccepted))) and suites (\(Phrase.list(tls.acceptedSuites))) accepted one by one overlap the policy, but the handshake offering the whole policy failed (\(failure))"
                confidence = 0.6
                fix.append(
                    "Compare the target's TLS configuration with \(tls.policy.name); a server that picks a suite or group the client did not offer, or needs SNI, fails like this."
                )
            }
            if !tls.policy.untestableSuites.isEmpty && suitesInPolicy.isEmpty && !versionsInPolicy.isEmpty {
                confidence = min(confidence, 0.8)
            }
            var details: [String: String] = [
                "target": observation.target.url, "address": address, "policy": tls.policy.name,
                "versions_accepted": tls.versionsAccepted.joined(separator: ","),
                "suites_accepted": tls.acceptedSuites.joined(separator: ","),
            ]
            if let alert = tls.policyHandshake.alert { details["alert"] = alert }
            if let error = tls.policyHandshake.error { details["error"] = error }
            var evidence = [
                Evidence(
                    source: .probe,
                    summary:
                        "The TLS handshake to \(address) offering \(tls.policy.name) (\(policyRange)) failed\(failure.isEmpty ? "" : " with \(failure)"): \(mismatch).",
                    details: details
                )
            ]
            if !tls.policy.untestableSuites.isEmpty {
                evidence.append(
                    Evidence(
                        source: .probe,
                        summary:
                            "Not tested (BoringSSL cannot offer them): \(tls.policy.untestableSuites.joined(separator: ", ")). A target accepting only these would still work with the load balancer.",
                        details: ["untested_suites": tls.policy.untestableSuites.joined(separator: ",")]
                    )
                )
            }
            return Finding(
                id: cause,
                title: "TLS handshake to \(address) fails with the load balancer's back-end policy \(tls.policy.name)",
                confidence: confidence,
                count: 0,
                evidence: evidence,
                confirm: [
                    "CloudWatch TargetTLSNegotiationErrorCount rises with the 502s.",
                    "`openssl s_client -connect \(address) -tls1_2 -cipher '\(tls.policy.suites.prefix(4).joined(separator: ":"))'` fails the same way.",
                    "The listener's security policy decides the back-end policy: TLS 1.3 listener policy → ELBSecurityPolicy-TLS13-1-0-2021-06, FIPS → ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04, else ELBSecurityPolicy-2016-08 (`--backend-policy` to probe with another).",
                ],
                fix: fix,
                alternatives: []
            )
        }
    }

    // MARK: - Packet capture

    /// `target-tls-handshake-failed` from a capture: alerts, closes before the handshake completed, and
    /// the target's choice checked against the ELB back-end security policy.
    enum CaptureReading {
        /// The finding, if handshakes failed (or the target chose outside the back-end policy).
        public static func findings(for o: CaptureAnalysis) -> [Finding] {
            guard o.tls.failed > 0 || o.tls.chosenOutsidePolicy > 0 else { return [] }
            let targetAlerts = o.tls.alerts.filter { $0.key.hasPrefix("target:") && $0.key.contains("fatal") }
            let confidence = o.tls.failed > 0 ? (targetAlerts.isEmpty ? 0.75 : 0.9) : 0.6
            var evidence = [
                Evidence(
                    source: .packetCapture,
                    summary:
                        "\(CaptureText.share(o.tls.failed, of: o.tls.connections)) TLS handshakes to the target failed"
                        + (o.tls.alerts.isEmpty ? "" : "; alerts: \(CaptureText.list(o.tls.alerts))"),
                    details: [
                        "tls_connections": String(o.tls.connections),
                        "handshakes_failed": String(o.tls.failed),
                        "handshakes_completed": String(o.tls.completed),
                        "backend_policy": o.backendPolicy,
                    ],
                    examples: o.tlsFailureExampleLines
                )
            ]
            if !o.tlsFailureReasons.isEmpty {
                evidence.append(
                    Evidence(
                        source: .packetCapture,
                        summary: "Offered vs chosen vs \(o.backendPolicy): "
                            + o.tlsFailureReasons.joined(separator: "; "),
                        details: [
                            "offered_versions": CaptureText.list(o.tls.offeredVersions),
                            "chosen": CaptureText.list(o.tls.chosen),
                        ]
                    )
                )
            }
            if o.tls.helloOutsidePolicy > 0 {
                evidence.append(
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "\(o.tls.helloOutsidePolicy) ClientHello(s) offered versions or suites outside \(o.backendPolicy): the client in this capture is not a load balancer using that policy, so its results may differ from the ALB's."
                    )
                )
            }
            let reasons = o.tlsFailureReasons.joined(separator: " ")
            var fix: [String] = []
            if reasons.contains("refused every offered version") {
                fix.append(
                    "Enable TLS 1.2 on the target (the back-end policy \(o.backendPolicy) offers TLS 1.0–1.2 only), or move the listener to a TLS 1.3 security policy so the load balancer uses ELBSecurityPolicy-TLS13-1-0-2021-06 towards targets."
                )
            }
            if reasons.contains("no cipher suite in common") || o.tls.chosenOutsidePolicy > 0 {
                fix.append(
                    "Allow at least one suite of \(o.backendPolicy) on the target, e.g. ECDHE-RSA-AES128-GCM-SHA256 / ECDHE-RSA-AES256-GCM-SHA384 (nginx `ssl_ciphers`, Apache `SSLCipherSuite`, Java `jdk.tls.disabledAlgorithms`)."
                )
            }
            if fix.isEmpty {
                fix.append(
                    "Make the target accept a TLS handshake with \(o.backendPolicy) (versions and suites); the certificate itself is not validated by the load balancer."
                )
            }
            return [
                Finding(
                    id: .targetTLSHandshakeFailed,
                    confidence: confidence,
                    count: max(o.tls.failed, o.tls.chosenOutsidePolicy),
                    evidence: evidence,
                    confirm: [
                        "CloudWatch TargetTLSNegotiationErrorCount rises with the 502s.",
                        "`alb-doctor probe --tls --backend-policy \(o.backendPolicy)` against the target, or `openssl s_client -connect TARGET:PORT -tls1_2 -cipher '<policy list>'`.",
                    ],
                    fix: fix
                )
            ]
        }
    }

    // MARK: - Metrics, configuration and CloudTrail

    /// `TargetTLSNegotiationErrorCount` and HTTPS target groups: TLS handshakes to targets failed.
    struct AWSReading {
        public init() {}

        public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
            let inputs = context.inputs
            let https = (inputs.targetGroups ?? []).filter(\.isHTTPS)
            var config: [Evidence] = []
            if !https.isEmpty {
                let policies = inputs.loadBalancer?.tlsPolicies ?? []
                let backend =
                    policies.contains { $0.uppercased().contains("TLS13") }
                    ? "ELBSecurityPolicy-TLS13-1-0-2021-06" : "ELBSecurityPolicy-2016-08"
                config.append(
                    Evidence(
                        source: .configuration,
                        summary:
                            "Target group\(https.count == 1 ? "" : "s") \(Phrase.list(https.map { "\($0.name) (HTTPS, port \($0.port.map(String.init) ?? "-"))" })) make the load balancer speak TLS to the targets; with listener polic\(policies.count == 1 ? "y" : "ies") \(policies.isEmpty ? "none (no HTTPS listener)" : Phrase.list(policies)) it offers the targets what \(backend) allows.",
                        details: ["target_groups": https.map(\.name).joined(separator: ","), "backend_policy": backend]
                    )
                )
            }
            guard let total = inputs.total("TargetTLSNegotiationErrorCount") else {
                if var finding = findings[.targetTLSHandshakeFailed], !config.isEmpty {
                    finding.evidence += config
                    findings[.targetTLSHandshakeFailed] = finding
                }
                return
            }
            let series = inputs.loadBalancerSeries("TargetTLSNegotiationErrorCount")
            if total > 0 {
                let metric = Evidence(
                    source: .metric,
                    summary:
                        "CloudWatch TargetTLSNegotiationErrorCount: \(series?.phrase ?? String(total)) — TLS handshakes from the load balancer to targets failed.",
                    details: ["metric": "TargetTLSNegotiationErrorCount", "total": String(total)]
                )
                if var finding = findings[.targetTLSHandshakeFailed] {
                    finding.strengthen(to: https.isEmpty ? 0.8 : 0.92, adding: [metric] + config)
                    findings[.targetTLSHandshakeFailed] = finding
                } else {
                    findings[.targetTLSHandshakeFailed] = Finding(
                        id: .targetTLSHandshakeFailed,
                        confidence: https.isEmpty ? 0.6 : 0.85,
                        count: total,
                        evidence: [metric] + config,
                        confirm: [
                            "From inside the VPC: `alb-doctor probe --load-balancer \(inputs.loadBalancer?.name ?? "<name>")` reports the handshake alert per target.",
                            "`openssl s_client -connect <target-ip>:<port> -tls1_2` from an instance in the load balancer's subnets.",
                        ],
                        fix: [
                            "Let the targets accept the protocol versions and ciphers of the back-end policy above (TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256 works with every policy); a target that only allows TLS 1.3 or exotic ciphers fails.",
                            "If TLS to the targets is not needed, use an HTTP target group.",
                        ],
                        alternatives: [.targetRefusedConnection]
                    )
                }
                if var refused = findings[.targetRefusedConnection],
                    (inputs.total("TargetConnectionErrorCount") ?? 1) == 0
                {
                    refused.weaken(by: 0.2, adding: [metric])
                    findings[.targetRefusedConnection] = refused
                }
            } else if var finding = findings[.targetTLSHandshakeFailed] {
                let none = Evidence(
                    source: .metric,
                    summary:
                        "CloudWatch TargetTLSNegotiationErrorCount: \(series?.phrase ?? "0") — no TLS handshake to a target failed in the window.",
                    details: ["metric": "TargetTLSNegotiationErrorCount", "total": "0"]
                )
                finding.weaken(by: https.isEmpty && inputs.targetGroups != nil ? 0.45 : 0.3, adding: [none] + config)
                findings[.targetTLSHandshakeFailed] = finding
            }
        }
    }
}
