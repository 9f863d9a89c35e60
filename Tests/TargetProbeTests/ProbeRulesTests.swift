import ALBDiagnosis
import ALBWire
import Testing

/// The probe rules on hand-built observations: each branch of the TLS rule, thresholds of the keep-alive rule.
@Suite struct ProbeRulesTests {
    static let policySuites = ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "AES128-SHA"]

    func observation(tls: TLSCheck? = nil, keepAlive: KeepAliveCheck? = nil, idle: Double = 60) -> ProbeResult {
        ProbeResult(
            target: ProbeTarget(scheme: .https, host: "10.0.3.17", port: 8443),
            address: "10.0.3.17:8443",
            idleTimeout: idle,
            connect: ConnectCheck(outcome: .connected, seconds: 0.001, timeout: 10, detail: "ok"),
            tls: tls,
            response: ResponseCheck(
                outcome: .complete,
                request: "GET / HTTP/1.1",
                statusCode: 200,
                seconds: 0.01,
                server: "gunicorn",
                detail: "ok"
            ),
            keepAlive: keepAlive
        )
    }

    /// A policy whose suites are `policySuites` plus `untestable` (suites BoringSSL cannot offer).
    func tls(accepted: Bool, versions: [String], suites: [String], untestable: [String] = []) -> TLSCheck {
        let policy = BackendTLSPolicy(
            name: "ELBSecurityPolicy-2016-08",
            versions: [.tls10, .tls11, .tls12],
            suites: Self.policySuites + untestable
        )
        #expect(policy.untestableSuites == untestable)
        return TLSCheck(
            policy: policy,
            policyHandshake: HandshakeAttempt(
                offered: policy.name,
                accepted: accepted,
                alert: accepted ? nil : "handshake_failure",
                seconds: 0.01
            ),
            versions: ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"].map {
                HandshakeAttempt(offered: $0, accepted: versions.contains($0), seconds: 0.01)
            },
            suites: (Self.policySuites + ["ECDHE-RSA-CHACHA20-POLY1305"]).map {
                HandshakeAttempt(offered: $0, accepted: suites.contains($0), seconds: 0.01)
            }
        )
    }

    @Test func acceptedPolicyHandshakeIsSilent() {
        let found = Causes.findings(
            probe: observation(tls: tls(accepted: true, versions: ["TLSv1.2"], suites: ["AES128-SHA"]))
        )
        #expect(found.isEmpty)
    }

    @Test func suiteMismatchNamesTheSuitesAndIsCappedWhenSomeAreUntestable() throws {
        let plain = try #require(
            TargetTLSHandshakeFailedCause().fromProbe(
                observation(tls: tls(accepted: false, versions: ["TLSv1.2"], suites: ["ECDHE-RSA-CHACHA20-POLY1305"]))
            )
        )
        #expect(plain.confidence == 0.95)
        #expect(plain.evidence[0].summary.contains("accepts only ECDHE-RSA-CHACHA20-POLY1305"))
        let capped = try #require(
            TargetTLSHandshakeFailedCause().fromProbe(
                observation(
                    tls: tls(
                        accepted: false,
                        versions: ["TLSv1.2"],
                        suites: ["ECDHE-RSA-CHACHA20-POLY1305"],
                        untestable: ["AES256-SHA256"]
                    )
                )
            )
        )
        #expect(capped.confidence == 0.8)
        #expect(capped.evidence.count == 2)
    }

    @Test func nothingAcceptedIsLessCertain() throws {
        let finding = try #require(
            TargetTLSHandshakeFailedCause().fromProbe(observation(tls: tls(accepted: false, versions: [], suites: [])))
        )
        #expect(finding.confidence == 0.7)
        #expect(finding.evidence[0].summary.contains("no handshake completed"))
    }

    @Test(arguments: [(59.0, true), (60.5, false), (61.9, false)])
    func keepAliveThreshold(measured: Double, expectFinding: Bool) {
        let keepAlive = KeepAliveCheck(
            outcome: .closedByTarget,
            closeKind: .fin,
            idleSeconds: measured,
            waitedSeconds: measured,
            idleTimeout: 60,
            detail: ""
        )
        let finding = TargetKeepaliveTimeoutCause().fromProbe(observation(keepAlive: keepAlive))
        #expect((finding != nil) == expectFinding)
        if let finding {
            #expect(finding.evidence[0].details["measured_idle_seconds"] == "59")
            #expect(finding.fix.contains { $0.contains("gunicorn: `--keep-alive 65`") })
        }
    }

    @Test func stayedOpenAndNotReusableAreSilent() {
        for outcome in [KeepAliveCheck.Outcome.stayedOpen, .notReusable] {
            let keepAlive = KeepAliveCheck(outcome: outcome, waitedSeconds: 62, idleTimeout: 60, detail: "")
            #expect(Causes.findings(probe: observation(keepAlive: keepAlive)).isEmpty)
        }
    }
}
