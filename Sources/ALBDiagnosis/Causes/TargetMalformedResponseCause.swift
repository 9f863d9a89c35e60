import ALBAccessLog
import ALBWire

/// `target-malformed-response`: no-valid-response 502s concentrated on a request path, where the
/// application answers in a way the load balancer rejects.
public struct TargetMalformedResponseCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .targetMalformedResponse }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Target sent a malformed or invalid response" }
    public var probeable: Bool { true }
    public var probeOutcome: String? {
        "it checks the raw response the way the load balancer does and names the first invalid byte"
    }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
    public func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding]) {
        AWSReading().apply(context, to: &findings)
    }
    public func fromProbe(_ observation: ProbeResult) -> Finding? { ProbeReading().evaluate(observation) }
    public func probeHealthy(_ observation: ProbeResult) -> String? {
        guard let response = observation.response, response.outcome == .complete, response.violations.isEmpty
        else { return nil }
        return "valid response"
    }
    public func fromCapture(_ analysis: CaptureAnalysis) -> Finding? {
        CaptureReading.findings(for: analysis).first
    }
}

extension TargetMalformedResponseCause {
    /// `target-malformed-response`: no-valid-response 502s concentrated on a request path, where the
    /// application answers in a way the load balancer rejects.
    struct AccessLogReading {
        public init() {}
        public var cause: CauseID { .targetMalformedResponse }

        public func evaluate(_ context: DiagnosisContext) -> Finding? {
            let paths = context.noValidResponse.paths
            guard !paths.isEmpty else { return nil }
            let count = paths.reduce(0) { $0 + $1.count }
            let evidence = paths.prefix(5).map { p in
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(p.count) no-valid-response 502s (dispatched, no target status) on \(p.path): \(Phrase.percent(p.rate)) of its \(p.requests) requests, against \(Phrase.percent(context.noValidResponse.remainingRate)) elsewhere, on \(p.targets) target(s) — the same code path fails wherever it runs.",
                    details: [
                        "path": p.path, "count": String(p.count), "requests": String(p.requests),
                        "targets": String(p.targets),
                    ],
                    examples: Array(p.examples.prefix(2))
                )
            }
            let path = paths.first?.path ?? "<path>"
            return Finding(
                id: cause,
                confidence: 0.75,
                count: count,
                evidence: Array(evidence),
                confirm: [
                    "Capture the response on a target while \(path) is requested: `sudo tcpdump -i any -s 0 -w malformed.pcap 'tcp port <port>'`, then `alb-doctor pcap malformed.pcap` lists header violations.",
                    "Request \(path) directly from a target (`curl -sv --raw http://<target-ip>:<port>\(path)`): check the header section size (limit 32 KB), CRLF line ends, header names, a single Content-Length that matches the body.",
                    "If the response is fine, the application may instead be closing the connection (crashing) on this path: check its logs at the same times.",
                ],
                fix: [
                    "Keep the response header section under 32 KB (large Set-Cookie, Link or Content-Security-Policy headers are the usual culprits).",
                    "Send valid HTTP/1.1: CRLF line ends, token header names (no spaces or underscores), no folded header lines, one Content-Length equal to the body length, not both Transfer-Encoding and Content-Length.",
                ]
            )
        }
    }

    /// `target-malformed-response` from a probe: the raw response breaks the rules the load balancer applies
    /// (shared validator), or the target closed/reset the connection before the response was complete.
    struct ProbeReading {
        public init() {}
        public var cause: CauseID { .targetMalformedResponse }

        /// Violations AWS documents as rejected by the load balancer (others are RFC violations it likely rejects).
        static let documented: Set<String> = [
            "header-section-too-large", "body-length-mismatch", "bad-status-line", "empty-response",
            "truncated-header-section",
        ]

        public func evaluate(_ observation: ProbeResult) -> Finding? {
            guard let response = observation.response else { return nil }
            let address = observation.address ?? observation.target.url
            var evidence: [Evidence] = []
            var confidence = 0.0
            var title = "Target \(address) sent a response the load balancer rejects"
            var fix: [String] = []

            switch response.outcome {
            case .closedBeforeResponse, .resetBeforeResponse, .closedMidResponse, .resetMidResponse:
                let reset = response.outcome == .resetBeforeResponse || response.outcome == .resetMidResponse
                title =
                    "Target \(address) \(reset ? "resets" : "closes") the connection before its response is complete"
                evidence.append(
                    Evidence(
                        source: .probe,
                        summary:
                            "On a fresh connection, after one GET request: \(response.detail). The load balancer answers 502 when the target closes the connection while a request is outstanding.",
                        details: [
                            "target": observation.target.url, "address": address, "outcome": response.outcome.rawValue,
                            "bytes": String(response.headBytes + response.bodyBytes),
                        ],
                        examples: response.headExcerpt.isEmpty ? [] : [response.headExcerpt]
                    )
                )
                confidence = 0.85
                fix.append(
                    "Find why the application drops the connection on this request (crash, worker killed by a timeout or memory limit, a proxy in front of it): its logs at the time of the probe, with the X-Amzn-Trace-Id shown in the request."
                )
            case .headTooLarge:
                title = "Target \(address) sends a response head larger than the load balancer accepts"
                evidence.append(
                    Evidence(
                        source: .probe,
                        summary: "\(response.detail); the load balancer rejects response header sections over 32 KB.",
                        details: [
                            "target": observation.target.url, "address": address,
                            "head_bytes": String(response.headBytes),
                        ]
                    )
                )
                confidence = 0.9
                fix.append("Keep the response header section under 32 KB (large cookies, long CSP or Link headers).")
            case .complete, .unframeable, .timedOut, .writeFailed:
                break
            }

            if !response.violations.isEmpty {
                let codes = unique(response.violations.map(\.code))
                let documented = codes.contains { Self.documented.contains($0) }
                confidence = max(confidence, documented ? 0.9 : 0.7)
                evidence.append(
                    Evidence(
                        source: .probe,
                        summary:
                            "The response breaks \(codes.count == 1 ? "a rule" : "\(codes.count) rules") the load balancer applies: "
                            + response.violations.prefix(5).map { "\($0.code) at byte \($0.offset) (\($0.message))" }
                            .joined(separator: "; ") + ".",
                        details: [
                            "target": observation.target.url, "address": address, "codes": codes.joined(separator: ","),
                            "status_line": response.statusLine ?? "",
                        ],
                        examples: response.violations.prefix(5).map { "byte \($0.offset): \($0.excerpt)" }
                            + (response.headExcerpt.isEmpty ? [] : [response.headExcerpt])
                    )
                )
                if !documented {
                    evidence.append(
                        Evidence(
                            source: .probe,
                            summary:
                                "AWS documents only 'malformed or invalid HTTP headers' and the 32 KB limit; \(codes.joined(separator: ", ")) \(codes.count == 1 ? "is an RFC 9110/9112 violation" : "are RFC 9110/9112 violations") the load balancer is likely, not documented, to reject."
                        )
                    )
                }
                fix.append(
                    "Fix how the application or its server writes the response: "
                        + codes.map(Self.advice).joined(separator: " ")
                )
            }
            guard confidence > 0 else { return nil }
            return Finding(
                id: cause,
                title: title,
                confidence: confidence,
                count: 0,
                evidence: evidence,
                confirm: [
                    "The 502s have a target chosen but no target status code in the access log, for this target and path.",
                    "A capture on the target (`sudo tcpdump -i any -w target.pcap 'tcp port \(TargetRefusedConnectionCause.ProbeReading.port(of: address))'`, then `alb-doctor pcap target.pcap`) shows the same bytes in live traffic.",
                ],
                fix: fix,
                alternatives: [.closedBeforeResponse, .resetBeforeResponse, .closedMidResponse, .resetMidResponse]
                    .contains(response.outcome) ? [.targetApplication502] : []
            )
        }

        private func unique(_ codes: [String]) -> [String] {
            var seen = Set<String>()
            return codes.filter { seen.insert($0).inserted }
        }

        static func advice(_ code: String) -> String {
            switch code {
            case "bad-status-line": "Send a status line `HTTP/1.1 200 OK`."
            case "invalid-header-name":
                "Header names must be tokens (letters, digits, `-`; no spaces or separators)."
            case "header-without-colon": "Every header line needs `Name: value`."
            case "obs-fold": "Do not fold header values over several lines."
            case "bare-lf", "bare-cr": "End every line with CRLF."
            case "conflicting-content-length", "duplicate-content-length", "invalid-content-length":
                "Send exactly one valid Content-Length."
            case "transfer-encoding-with-content-length":
                "Send either Transfer-Encoding: chunked or Content-Length, not both."
            case "invalid-transfer-encoding": "Use Transfer-Encoding: chunked (HTTP/1.1 only) or none."
            case "header-section-too-large": "Keep headers under 32 KB."
            case "body-length-mismatch": "Send exactly Content-Length body bytes."
            case "non-ascii-header-value", "control-character-in-header-value": "Encode header values as visible ASCII."
            case "invalid-chunked-encoding": "Write valid chunk-size lines and CRLFs."
            default: "See \(code)."
            }
        }
    }

    /// `target-malformed-response` from a capture: responses the shared validator rejects
    /// (alb-facts.md §9: > 32 KB header section, invalid headers, framing the ALB cannot trust).
    enum CaptureReading {
        /// Violation codes that the ALB documentation states lead to a 502 (the rest are RFC violations the
        /// ALB is likely, but not documented, to reject).
        static let documented: Set<String> = [
            "header-section-too-large", "body-length-mismatch", "truncated-header-section", "bad-status-line",
            "header-without-colon", "invalid-header-name", "obs-fold", "invalid-content-length",
        ]

        /// The finding, if any response broke the rules.
        public static func findings(for o: CaptureAnalysis) -> [Finding] {
            guard o.http.malformedResponses > 0 else { return [] }
            let documentedHits = o.http.violationsByCode.keys.filter(documented.contains).count
            let confidence = documentedHits > 0 ? 0.9 : 0.7
            var details = o.http.violationsByCode.mapValues(String.init)
            details["responses"] = String(o.http.responses)
            details["malformed_responses"] = String(o.http.malformedResponses)
            let evidence = Evidence(
                source: .packetCapture,
                summary:
                    "\(CaptureText.share(o.http.malformedResponses, of: o.http.responses)) target responses break what the load balancer accepts: \(CaptureText.list(o.http.violationsByCode))",
                details: details,
                examples: o.malformedExampleLines
            )
            var fix = [
                "Fix the target's response: one status line `HTTP/1.1 NNN reason`, header names that are RFC 9110 tokens (letters, digits, `-`; no spaces, `_` is risky), every line ending in CRLF, no folded (continuation) lines.",
                "Send exactly one framing: either a single correct `Content-Length` or `Transfer-Encoding: chunked`, never both; the body must match it exactly.",
            ]
            if o.http.violationsByCode["header-section-too-large"] != nil {
                fix.append(
                    "Keep the whole response header section under 32 KB (large cookies or debug headers are the usual culprits)."
                )
            }
            return [
                Finding(
                    id: .targetMalformedResponse,
                    confidence: confidence,
                    count: o.http.malformedResponses,
                    evidence: [evidence],
                    confirm: [
                        "Access log: these requests show elb_status_code 502 with a target_status_code of `-` and target_processing_time set (the target answered, the ALB rejected it).",
                        "Replay one request against the target directly (`curl -v --raw`, or `alb-doctor probe`) and compare the bytes with the excerpts above.",
                    ],
                    fix: fix,
                    alternatives: []
                )
            ]
        }
    }

    /// The connection metrics against the logs' malformed-response finding: no failed connect and no failed TLS
    /// handshake means the load balancer reached the targets and got an answer it rejected.
    struct AWSReading {
        public init() {}

        public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
            let inputs = context.inputs
            guard var finding = findings[.targetMalformedResponse],
                let connections = inputs.total("TargetConnectionErrorCount")
            else { return }
            let tls = inputs.total("TargetTLSNegotiationErrorCount") ?? 0
            if connections == 0 && tls == 0 {
                let elb = inputs.loadBalancerSeries("HTTPCode_ELB_502_Count")
                finding.strengthen(
                    to: max(finding.confidence, 0.8),
                    adding: [
                        Evidence(
                            source: .metric,
                            summary:
                                "CloudWatch TargetConnectionErrorCount\(inputs.total("TargetTLSNegotiationErrorCount") == nil ? "" : " and TargetTLSNegotiationErrorCount") had no data point in the window (read as 0) while HTTPCode_ELB_502_Count was \(elb?.phrase ?? "not read"): every connection to the targets was made, so the load balancer rejected what the targets sent back.",
                            details: [
                                "metric": "TargetConnectionErrorCount", "total": "0",
                                "elb_502": elb.map { String($0.count) } ?? "-",
                            ]
                        )
                    ]
                )
            } else {
                finding.weaken(
                    by: 0.1,
                    floor: 0.4,
                    adding: [
                        Evidence(
                            source: .metric,
                            summary:
                                "CloudWatch TargetConnectionErrorCount: \(connections), TargetTLSNegotiationErrorCount: \(tls) — some connections to the targets failed in the window too, which can also leave responses unfinished.",
                            details: [
                                "metric": "TargetConnectionErrorCount", "total": String(connections),
                                "tls_errors": String(tls),
                            ]
                        )
                    ]
                )
            }
            findings[.targetMalformedResponse] = finding
        }
    }
}
