import ALBDiagnosis
import Testing

/// The probe rules on hand-built observations: each branch of the TLS rule, thresholds of the keep-alive rule.
@Suite struct ProbeRulesTests {
    static let policySuites = ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "AES128-SHA"]

    func observation(tls: ProbeObservation.TLS? = nil, keepAlive: ProbeObservation.KeepAlive? = nil, idle: Double = 60)
        -> ProbeObservation
    {
        ProbeObservation(
            target: "https://10.0.3.17:8443/",
            address: "10.0.3.17:8443",
            idleTimeout: idle,
            observedAtMicros: 0,
            connect: .init(outcome: .connected, seconds: 0.001, timeout: 10, detail: "ok"),
            tls: tls,
            response: .init(outcome: .complete, statusCode: 200, server: "gunicorn", detail: "ok"),
            keepAlive: keepAlive
        )
    }

    func tls(accepted: Bool, versions: [String], suites: [String], untestable: [String] = []) -> ProbeObservation.TLS {
        ProbeObservation.TLS(
            policyName: "ELBSecurityPolicy-2016-08",
            policyVersions: ["TLSv1", "TLSv1.1", "TLSv1.2"],
            policySuites: Self.policySuites + untestable,
            untestableSuites: untestable,
            policyAccepted: accepted,
            alert: accepted ? nil : "handshake_failure",
            versionsTried: ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
            versionsAccepted: versions,
            suitesTried: Self.policySuites + ["ECDHE-RSA-CHACHA20-POLY1305"],
            suitesAccepted: suites
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
        let keepAlive = ProbeObservation.KeepAlive(
            outcome: .closedByTarget,
            closeKind: "fin",
            idleSeconds: measured,
            waitedSeconds: measured,
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
        for outcome in [ProbeObservation.KeepAlive.Outcome.stayedOpen, .notReusable] {
            let keepAlive = ProbeObservation.KeepAlive(outcome: outcome, waitedSeconds: 62, detail: "")
            #expect(Causes.findings(probe: observation(keepAlive: keepAlive)).isEmpty)
        }
    }
}
