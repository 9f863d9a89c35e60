/// `target-tls-handshake-failed` from a probe: the handshake offering the back-end policy failed; the
/// per-version and per-suite handshakes say exactly what does not overlap.
public struct ProbeTLSHandshakeRule: ProbeRule {
    public init() {}
    public var cause: CauseID { .targetTLSHandshakeFailed }

    public func evaluate(_ observation: ProbeObservation) -> Finding? {
        guard let tls = observation.tls, !tls.policyAccepted else { return nil }
        let address = observation.address ?? observation.target
        let policyVersions = tls.policyVersions
        let versionsInPolicy = tls.versionsAccepted.filter { policyVersions.contains($0) }
        let suitesInPolicy = tls.suitesAccepted.filter { tls.policySuites.contains($0) }
        let suitesOutside = tls.suitesAccepted.filter { !tls.policySuites.contains($0) }
        let failure = [tls.alert.map { "alert \($0)" }, tls.error].compactMap { $0 }.joined(separator: ", ")

        var mismatch: String
        var fix: [String] = []
        var confidence = 0.95
        let policyRange = Phrase.list(policyVersions, limit: 4)
        if !tls.versionsAccepted.isEmpty && versionsInPolicy.isEmpty {
            mismatch =
                "the target accepts only \(Phrase.list(tls.versionsAccepted)), but \(tls.policyName) offers \(policyRange)"
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
        } else if !versionsInPolicy.isEmpty && suitesInPolicy.isEmpty && !tls.suitesAccepted.isEmpty {
            mismatch =
                "the target speaks \(Phrase.list(versionsInPolicy)) but accepts only \(Phrase.list(suitesOutside)), none of the cipher suites of \(tls.policyName)"
            fix.append(
                "Add suites of \(tls.policyName) to the target's list, e.g. ECDHE-RSA-AES128-GCM-SHA256 and ECDHE-RSA-AES256-GCM-SHA384 for an RSA certificate (ECDHE-ECDSA-… for an ECDSA one): nginx `ssl_ciphers`, Apache `SSLCipherSuite`, Java `jdk.tls.disabledAlgorithms`/connector `ciphers`, Go `tls.Config.CipherSuites`."
            )
        } else if tls.versionsAccepted.isEmpty && tls.suitesAccepted.isEmpty {
            mismatch =
                "no handshake completed with any TLS version or suite the probe can offer (\(failure.isEmpty ? "no reason given" : failure)); the target may not speak TLS on this port, or require something the probe does not offer (client certificate, a cipher BoringSSL lacks)"
            confidence = 0.7
            fix.append(
                "Check that the target serves HTTPS on this port (a plain-HTTP target needs an HTTP target group), and its TLS settings and certificate."
            )
        } else {
            mismatch =
                "the versions (\(Phrase.list(tls.versionsAccepted))) and suites (\(Phrase.list(tls.suitesAccepted))) accepted one by one overlap the policy, but the handshake offering the whole policy failed (\(failure))"
            confidence = 0.6
            fix.append(
                "Compare the target's TLS configuration with \(tls.policyName); a server that picks a suite or group the client did not offer, or needs SNI, fails like this."
            )
        }
        if !tls.untestableSuites.isEmpty && suitesInPolicy.isEmpty && !versionsInPolicy.isEmpty {
            confidence = min(confidence, 0.8)
        }
        var details: [String: String] = [
            "target": observation.target, "address": address, "policy": tls.policyName,
            "versions_accepted": tls.versionsAccepted.joined(separator: ","),
            "suites_accepted": tls.suitesAccepted.joined(separator: ","),
        ]
        if let alert = tls.alert { details["alert"] = alert }
        if let error = tls.error { details["error"] = error }
        var evidence = [
            Evidence(
                source: .probe,
                summary:
                    "The TLS handshake to \(address) offering \(tls.policyName) (\(policyRange)) failed\(failure.isEmpty ? "" : " with \(failure)"): \(mismatch).",
                details: details
            )
        ]
        if !tls.untestableSuites.isEmpty {
            evidence.append(
                Evidence(
                    source: .probe,
                    summary:
                        "Not tested (BoringSSL cannot offer them): \(tls.untestableSuites.joined(separator: ", ")). A target accepting only these would still work with the load balancer.",
                    details: ["untested_suites": tls.untestableSuites.joined(separator: ",")]
                )
            )
        }
        return Finding(
            id: cause,
            title: "TLS handshake to \(address) fails with the load balancer's back-end policy \(tls.policyName)",
            confidence: confidence,
            count: 0,
            evidence: evidence,
            confirm: [
                "CloudWatch TargetTLSNegotiationErrorCount rises with the 502s.",
                "`openssl s_client -connect \(address) -tls1_2 -cipher '\(tls.policySuites.prefix(4).joined(separator: ":"))'` fails the same way.",
                "The listener's security policy decides the back-end policy: TLS 1.3 listener policy → ELBSecurityPolicy-TLS13-1-0-2021-06, FIPS → ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04, else ELBSecurityPolicy-2016-08 (`--backend-policy` to probe with another).",
            ],
            fix: fix,
            alternatives: []
        )
    }
}
