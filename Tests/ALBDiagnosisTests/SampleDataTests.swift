import ALBDiagnosis
import ALBSamples
import Testing

/// The generator's output, analysed by the real engine and rules, matches its manifest exactly.
@Suite struct SampleDataTests {
    static let set = SampleLogGenerator().generate()
    static let analysed: (logs: TriageAggregator, scan: ScanSummary) = InMemoryScan.aggregate(
        parts: set.files.map(\.text)
    )

    @Test func everySignatureCountIsExact() {
        let m = Self.set.manifest
        let logs = Self.analysed.logs
        #expect(Self.analysed.scan.linesSkipped == 0)
        #expect(logs.requests == m.requests)
        #expect(logs.elb502 == m.elb502)
        #expect(logs.sources[.loadBalancer] == m.source.loadBalancer)
        #expect(logs.sources[.target] == m.source.target)
        #expect(logs.sources[.other] == m.source.other)
        let got = logs.signatureRows.map {
            SampleManifest.SignatureCount(id: $0.signature.id, code: $0.signature.code, count: $0.stats.count)
        }
        #expect(got == m.signatures)
        for (code, n) in m.elbStatusCodes {
            #expect(logs.statusCodes[Int(code) ?? -1] == n, "status \(code)")
        }
    }

    @Test func everySignatureAndEveryLambdaCodeIsPresent() {
        let ids = Set(Self.set.manifest.signatures.map(\.id))
        #expect(ids == Set(SignatureID.allCases))
        let codes = Set(Self.set.manifest.signatures.compactMap { $0.id == .lambdaError ? $0.code : nil })
        let documented502 = Set(LambdaErrorCatalog.entries.map(\.code)).subtracting([
            "LambdaRequestTooLarge", "LambdaConnectionTimeout",
        ])
        #expect(codes == documented502)
    }

    @Test func everyCauseIsRecognisedWithItsExactCount() {
        let d = Diagnosis(logs: Self.analysed.logs)
        // target-stopped-while-registered needs the workloads behind the targets (diagnose, --kube-pods), which
        // access logs alone do not carry; repeated-502s-on-connection needs the connection logs.
        #expect(
            Set(d.findings.map(\.id))
                == Set(Causes.explaining(status: 502).map(\.id)).subtracting([
                    .targetStoppedWhileRegistered, .repeated502sOnConnection,
                ])
        )
        for expected in Self.set.manifest.causes {
            let f = d.finding(expected.id)
            #expect(f?.count == expected.count, "\(expected.id.rawValue)")
        }
        // Targets named in the evidence match the injected ones.
        #expect(d.finding(.targetRefusedConnection)?.evidence.first?.details["target"] == "10.0.1.12:8080")
        #expect(d.finding(.targetUnreachable)?.evidence.first?.details["subnet"] == "10.0.3.0/24")
        #expect(d.finding(.targetTLSHandshakeFailed)?.evidence.first?.details["target"] == "10.0.4.21:8443")
        #expect(d.finding(.targetDeregistered)?.evidence.first?.details["target"] == "10.0.2.12:8080")
        #expect(d.finding(.targetMalformedResponse)?.evidence.first?.details["path"] == "/api/v2/reports/{id}/export")
        #expect(d.finding(.lambdaUnhandled)?.evidence.contains { $0.details["timeout_seconds"] == "30" } == true)
    }

    /// The web load balancer's health-check and connection logs, joined with the access logs: the checks confirm the
    /// refused, unreachable and TLS targets (and leave the application's own 502s as they were), the connection logs
    /// name the partner's expired client certificate.
    @Test func theHealthCheckAndConnectionLogsJoinTheSample() throws {
        let checks = Self.set.loadBalancerLogs.filter { $0.path.contains("/health_check_log_") }
        let connections = Self.set.loadBalancerLogs.filter { $0.path.contains("/conn_log_") }
        #expect(checks.count == 24 && connections.count == 26)
        let logs = Self.analysed.logs
        let other = LoadBalancerLogs(
            healthChecks: InMemoryScan.healthChecks(checks.map(\.text).joined()),
            connections: InMemoryScan.connections(
                connections.map(\.text).joined(),
                wantedTraceIDs: Set(logs.connection502Rows.map(\.key))
            )
        )
        let plain = Diagnosis(logs: logs)
        let joined = Diagnosis(context: DiagnosisContext(logs: logs, loadBalancerLogs: other))
        for (id, target, reason) in [
            (CauseID.targetRefusedConnection, "10.0.1.12:8080", "ConnectionReset"),
            (.targetUnreachable, "10.0.3.10:8080", "TimedOut"),
            (.targetTLSHandshakeFailed, "10.0.4.21:8443", "TimedOut"),
        ] {
            let before = try #require(plain.finding(id))
            let after = try #require(joined.finding(id))
            #expect(abs(after.confidence - min(0.95, before.confidence + 0.2)) < 1e-9, "\(id.rawValue)")
            #expect(after.count == before.count)
            let evidence = after.evidence.first { $0.source == .healthCheckLog && $0.details["target"] == target }
            #expect(evidence?.details["reasons"] == reason, "\(id.rawValue)")
        }
        #expect(joined.finding(.targetApplication502)?.confidence == plain.finding(.targetApplication502)?.confidence)
        let rejected = try #require(joined.finding(.clientCertificateRejected))
        #expect(rejected.count == 0)
        #expect(rejected.evidence.contains { $0.summary.contains("12 × ClientCertExpired") })
        for id in [CauseID.healthCheckMisconfigured, .targetFlapping, .repeated502sOnConnection] {
            #expect(joined.finding(id) == nil, "\(id.rawValue)")
        }
    }

    @Test func generatorIsDeterministic() {
        let again = SampleLogGenerator().generate()
        #expect(again.files == Self.set.files)
        #expect(again.loadBalancerLogs == Self.set.loadBalancerLogs)
        #expect(again.manifest == Self.set.manifest)
        let other = SampleLogGenerator(configuration: .init(seed: 7)).generate()
        #expect(other.files != Self.set.files)
    }

    @Test func filesFollowTheS3Layout() {
        for file in Self.set.files {
            let parts = file.path.split(separator: "/")
            #expect(parts.count == 8)
            #expect(parts[0] == "AWSLogs" && parts[1] == "123456789012" && parts[2] == "elasticloadbalancing")
            let name = String(parts[7])
            #expect(name.hasPrefix("123456789012_elasticloadbalancing_us-east-1_app."))
            #expect(name.hasSuffix(".log.gz"))
        }
    }
}
