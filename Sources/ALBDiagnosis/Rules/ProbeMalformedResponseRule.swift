/// `target-malformed-response` from a probe: the raw response breaks the rules the load balancer applies
/// (shared validator), or the target closed/reset the connection before the response was complete.
public struct ProbeMalformedResponseRule: ProbeRule {
    public init() {}
    public var cause: CauseID { .targetMalformedResponse }

    /// Violations AWS documents as rejected by the load balancer (others are RFC violations it likely rejects).
    static let documented: Set<String> = [
        "header-section-too-large", "body-length-mismatch", "bad-status-line", "empty-response",
        "truncated-header-section",
    ]

    public func evaluate(_ observation: ProbeObservation) -> Finding? {
        guard let response = observation.response else { return nil }
        let address = observation.address ?? observation.target
        var evidence: [Evidence] = []
        var confidence = 0.0
        var title = "Target \(address) sent a response the load balancer rejects"
        var fix: [String] = []

        switch response.outcome {
        case .closedBeforeResponse, .resetBeforeResponse, .closedMidResponse, .resetMidResponse:
            let reset = response.outcome == .resetBeforeResponse || response.outcome == .resetMidResponse
            title = "Target \(address) \(reset ? "resets" : "closes") the connection before its response is complete"
            evidence.append(
                Evidence(
                    source: .probe,
                    summary:
                        "On a fresh connection, after one GET request: \(response.detail). The load balancer answers 502 when the target closes the connection while a request is outstanding.",
                    details: [
                        "target": observation.target, "address": address, "outcome": response.outcome.rawValue,
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
                        "target": observation.target, "address": address, "head_bytes": String(response.headBytes),
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
                        "target": observation.target, "address": address, "codes": codes.joined(separator: ","),
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
                "A capture on the target (`sudo tcpdump -i any -w target.pcap 'tcp port \(ProbeConnectionRefusedRule.port(of: address))'`, then `alb-doctor pcap target.pcap`) shows the same bytes in live traffic.",
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
