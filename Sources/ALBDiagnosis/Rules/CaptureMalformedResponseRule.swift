/// `target-malformed-response` from a capture: responses the shared validator rejects
/// (alb-facts.md §9: > 32 KB header section, invalid headers, framing the ALB cannot trust).
public enum CaptureMalformedResponseRule {
    /// Violation codes that the ALB documentation states lead to a 502 (the rest are RFC violations the
    /// ALB is likely, but not documented, to reject).
    static let documented: Set<String> = [
        "header-section-too-large", "body-length-mismatch", "truncated-header-section", "bad-status-line",
        "header-without-colon", "invalid-header-name", "obs-fold", "invalid-content-length",
    ]

    /// The finding, if any response broke the rules.
    public static func findings(for o: CaptureObservation) -> [Finding] {
        guard o.malformedResponses > 0 else { return [] }
        let documentedHits = o.violationsByCode.keys.filter(documented.contains).count
        let confidence = documentedHits > 0 ? 0.9 : 0.7
        var details = o.violationsByCode.mapValues(String.init)
        details["responses"] = String(o.responses)
        details["malformed_responses"] = String(o.malformedResponses)
        let evidence = Evidence(
            source: .packetCapture,
            summary:
                "\(CaptureRules.share(o.malformedResponses, of: o.responses)) target responses break what the load balancer accepts: \(CaptureRules.list(o.violationsByCode))",
            details: details,
            examples: o.malformedExamples
        )
        var fix = [
            "Fix the target's response: one status line `HTTP/1.1 NNN reason`, header names that are RFC 9110 tokens (letters, digits, `-`; no spaces, `_` is risky), every line ending in CRLF, no folded (continuation) lines.",
            "Send exactly one framing: either a single correct `Content-Length` or `Transfer-Encoding: chunked`, never both; the body must match it exactly.",
        ]
        if o.violationsByCode["header-section-too-large"] != nil {
            fix.append(
                "Keep the whole response header section under 32 KB (large cookies or debug headers are the usual culprits)."
            )
        }
        return [
            Finding(
                id: .targetMalformedResponse,
                confidence: confidence,
                count: o.malformedResponses,
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
