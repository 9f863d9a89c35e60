import ALBDiagnosis
import ALBDoctor
import ALBWire
import TestSupport
import Testing

@testable import TargetProbe

/// Probes against real nginx and `openssl s_server` on loopback. Under `CI=true` a missing tool fails.
@Suite struct TargetProberExternalServerTests {
    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "nginx"),
            "nginx is not installed (CI=true makes this a failure)"
        ),
        arguments: [(1.5, 3.0), (4.0, 2.0)]
    )
    func nginxKeepAlive(keepaliveTimeout: Double, idleTimeout: Double) async throws {
        try await LoopbackNginx.with(keepaliveTimeout: keepaliveTimeout) { port in
            let result = try await probe("http://127.0.0.1:\(port)/health", testConfiguration(idleTimeout: idleTimeout))
            #expect(result.response?.statusCode == 200)
            #expect(result.response?.server?.hasPrefix("nginx") == true)
            let keepAlive = try #require(result.keepAlive)
            if keepaliveTimeout < idleTimeout {
                #expect(keepAlive.outcome == .closedByTarget)
                #expect(keepAlive.closeKind == .fin)
                #expect(abs((keepAlive.idleSeconds ?? 0) - keepaliveTimeout) < 0.5)
            } else {
                #expect(keepAlive.outcome == .stayedOpen)
                #expect(keepAlive.waitedSeconds >= idleTimeout)
            }
        }
    }

    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "openssl"),
            "openssl is not installed (CI=true makes this a failure)"
        )
    )
    func tls13OnlyTargetFailsThe2016Policy() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: ["-tls1_3"]) { port in
            let result = try await probe("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            let tls = try #require(result.tls)
            #expect(!tls.policyHandshake.accepted)
            #expect(tls.policyHandshake.alert == "protocol_version")
            #expect(tls.policyHandshake.error == "TLSV1_ALERT_PROTOCOL_VERSION")
            #expect(tls.acceptedVersions == [.tls13])
            #expect(tls.acceptedSuites.isEmpty)
            #expect(tls.certificate?.keyType == "RSA 2048")
            #expect(result.response == nil)
        }
    }

    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "openssl"),
            "openssl is not installed (CI=true makes this a failure)"
        )
    )
    func cipherOutsideThePolicyFails() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: ["-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"]) {
            port in
            let result = try await probe("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            let tls = try #require(result.tls)
            #expect(!tls.policyHandshake.accepted)
            #expect(tls.policyHandshake.alert == "handshake_failure")
            #expect(tls.acceptedSuites == ["ECDHE-RSA-CHACHA20-POLY1305"])
            #expect(tls.acceptedVersions == [.tls12])
        }
    }

    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "openssl"),
            "openssl is not installed (CI=true makes this a failure)"
        )
    )
    func healthyTLSTarget() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: []) { port in
            let result = try await probe("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            let tls = try #require(result.tls)
            #expect(tls.policyHandshake.accepted)
            #expect(tls.policyHandshake.version == .tls12)
            #expect(tls.policyHandshake.cipherSuite?.hasPrefix("ECDHE-RSA-AES") == true)
            #expect(tls.acceptedVersions.contains(.tls12))
            #expect(tls.acceptedSuites.contains("ECDHE-RSA-AES128-GCM-SHA256"))
            #expect(result.response?.outcome == .complete)
            #expect(result.response?.statusCode == 200)
        }
    }
}

/// The same real servers, through the probe rules: cause ids and figures.
@Suite struct ProbeDiagnosisExternalServerTests {
    func findings(_ url: String, _ configuration: ProbeConfiguration) async throws -> [Finding] {
        let result = try await probe(url, configuration)
        return Causes.findings(probe: result)
    }

    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "nginx"),
            "nginx is not installed (CI=true makes this a failure)"
        ),
        arguments: [(1.5, 3.0), (4.0, 2.0)]
    )
    func nginxKeepAlive(keepaliveTimeout: Double, idleTimeout: Double) async throws {
        try await LoopbackNginx.with(keepaliveTimeout: keepaliveTimeout) { port in
            let found = try await findings("http://127.0.0.1:\(port)/", testConfiguration(idleTimeout: idleTimeout))
            if keepaliveTimeout < idleTimeout {
                let finding = try #require(found.first)
                #expect(found.map(\.id) == [.targetKeepaliveTimeout])
                let measured = try #require(Double(finding.evidence.first?.details["measured_idle_seconds"] ?? ""))
                #expect(abs(measured - keepaliveTimeout) < 0.5)
                #expect(finding.fix.contains { $0.contains("nginx: `keepalive_timeout 8s;`") })
            } else {
                #expect(found.isEmpty)
            }
        }
    }

    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "openssl"),
            "openssl is not installed (CI=true makes this a failure)"
        )
    )
    func tls13Only() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: ["-tls1_3"]) { port in
            let found = try await findings("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            let finding = try #require(found.first)
            #expect(found.map(\.id) == [.targetTLSHandshakeFailed])
            #expect(
                finding.evidence.first?.summary.contains(
                    "the target accepts only TLSv1.3, but ELBSecurityPolicy-2016-08 offers"
                ) == true
            )
            #expect(finding.fix.first?.contains("Enable TLS 1.2") == true)
            #expect(finding.evidence.first?.details["alert"] == "protocol_version")
        }
    }

    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "openssl"),
            "openssl is not installed (CI=true makes this a failure)"
        )
    )
    func tls13OnlyIsFineBehindATLS13Policy() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: ["-tls1_3"]) { port in
            var configuration = testConfiguration(quick: true)
            configuration.backendPolicy = try BackendTLSPolicy.named("TLS13-1-0-2021-06")
            let found = try await findings("https://127.0.0.1:\(port)/", configuration)
            #expect(found.isEmpty)
        }
    }

    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "openssl"),
            "openssl is not installed (CI=true makes this a failure)"
        )
    )
    func cipherOutsideThePolicy() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: ["-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"]) {
            port in
            let found = try await findings("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            let finding = try #require(found.first)
            #expect(found.map(\.id) == [.targetTLSHandshakeFailed])
            #expect(
                finding.evidence.first?.summary.contains(
                    "accepts only ECDHE-RSA-CHACHA20-POLY1305, none of the cipher suites of ELBSecurityPolicy-2016-08"
                ) == true
            )
            #expect(finding.evidence.first?.details["alert"] == "handshake_failure")
        }
    }

    @Test(
        .enabled(
            if: LoopbackExternalServer.shouldRun(needing: "openssl"),
            "openssl is not installed (CI=true makes this a failure)"
        )
    )
    func healthyTLS() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: []) { port in
            let found = try await findings("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            #expect(found.isEmpty, "\(found.map(\.title))")
        }
    }
}
