import ALBWire

/// The checks a probe ran, one row each, for the probe report.
public enum ProbeChecks {
    /// The checks a probe ran, with a one-word verdict each (for reports of healthy targets too);
    /// `observedAtMicros` is when it ran (the certificate's expiry is measured from it).
    public static func rows(
        for observation: ProbeResult,
        observedAtMicros: Int64
    ) -> [(check: String, verdict: String, detail: String)] {
        var rows: [(String, String, String)] = []
        let connect = observation.connect
        rows.append(("connect", connect.outcome == .connected ? "ok" : "FAIL", connect.detail))
        if let tls = observation.tls {
            rows.append(
                (
                    "tls (\(tls.policy.name))",
                    tls.policyHandshake.accepted ? "ok" : "FAIL",
                    tls.policyHandshake.accepted
                        ? "handshake completed: \(tls.policyHandshake.version?.rawValue ?? "?") \(tls.policyHandshake.cipherSuite ?? "")"
                        : "handshake failed: "
                            + [tls.policyHandshake.alert.map { "alert \($0)" }, tls.policyHandshake.error].compactMap {
                                $0
                            }.joined(separator: ", ")
                )
            )
            if !tls.versionsTried.isEmpty {
                let refused = tls.versionsTried.filter { !tls.versionsAccepted.contains($0) }
                rows.append(
                    (
                        "tls versions", "info",
                        "accepted: \(tls.versionsAccepted.isEmpty ? "none" : tls.versionsAccepted.joined(separator: ", "))"
                            + (refused.isEmpty ? "" : "; refused: \(refused.joined(separator: ", "))")
                    )
                )
            }
            if !tls.suitesTried.isEmpty {
                let inPolicy = tls.acceptedSuites.filter { tls.policy.suites.contains($0) }
                let outside = tls.acceptedSuites.filter { !tls.policy.suites.contains($0) }
                let testable = tls.suitesTried.filter { tls.policy.suites.contains($0) }.count
                rows.append(
                    (
                        "tls suites", "info",
                        "\(inPolicy.count) of \(testable) testable policy suites accepted"
                            + (inPolicy.isEmpty ? "" : " (\(Phrase.list(inPolicy, limit: 4)))")
                            + (outside.isEmpty ? "" : "; outside the policy: \(outside.joined(separator: ", "))")
                    )
                )
            }
            if let subject = tls.certificate?.subject {
                var text = "\(subject), key \(tls.certificate?.keyType ?? "?")"
                if let notAfter = tls.certificate?.notValidAfter {
                    let days = Double(notAfter - observedAtMicros / 1_000_000) / 86_400
                    text +=
                        days < 0
                        ? ", expired \(Phrase.seconds((-days * 10).rounded() / 10)) days ago (the load balancer does not validate target certificates)"
                        : ", expires \(Phrase.time(notAfter * 1_000_000)) (in \(Phrase.seconds((days * 10).rounded() / 10)) days)"
                }
                rows.append(("certificate", "info", text))
            }
        }
        if let response = observation.response {
            let verdict =
                response.outcome == .complete && response.violations.isEmpty
                ? "ok" : (response.outcome == .timedOut ? "slow" : "FAIL")
            var detail = response.detail
            if let first = response.firstByteSeconds {
                let shown =
                    first < 1 ? "\(Phrase.seconds((first * 10_000).rounded() / 10)) ms" : "\(Phrase.seconds(first)) s"
                detail += "; first byte after \(shown)"
            }
            for violation in response.violations {
                detail += "; \(violation.code) at byte \(violation.offset): \"\(violation.excerpt)\""
            }
            rows.append(("response", verdict, detail))
        }
        if let keepAlive = observation.keepAlive {
            let verdict: String
            switch keepAlive.outcome {
            case .closedByTarget: verdict = (keepAlive.idleSeconds ?? 0) < observation.idleTimeout ? "FAIL" : "ok"
            case .stayedOpen, .notReusable: verdict = "ok"
            case .skipped: verdict = "skipped"
            }
            rows.append(("keep-alive", verdict, keepAlive.detail))
        }
        return rows
    }
}
