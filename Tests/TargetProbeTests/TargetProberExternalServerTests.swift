import Testing
import TestSupport

@testable import TargetProbe

/// Probes against real nginx and `openssl s_server` on loopback. Under `CI=true` a missing tool fails.
@Suite struct TargetProberExternalServerTests {
    @Test(
        .enabled(if: LoopbackExternalServer.shouldRun(needing: "nginx"), "nginx is not installed (CI=true makes this a failure)"),
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

    @Test(.enabled(if: LoopbackExternalServer.shouldRun(needing: "openssl"), "openssl is not installed (CI=true makes this a failure)"))
    func tls13OnlyTargetFailsThe2016Policy() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: ["-tls1_3"]) { port in
            let result = try await probe("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            let tls = try #require(result.tls)
            #expect(!tls.policyHandshake.accepted)
            #expect(tls.policyHandshake.alert == "protocol_version")
            #expect(tls.policyHandshake.error == "TLSV1_ALERT_PROTOCOL_VERSION")
            #expect(tls.acceptedVersions == [.tls1_3])
            #expect(tls.acceptedSuites.isEmpty)
            #expect(tls.certificate?.keyType == "RSA 2048")
            #expect(result.response == nil)
        }
    }

    @Test(.enabled(if: LoopbackExternalServer.shouldRun(needing: "openssl"), "openssl is not installed (CI=true makes this a failure)"))
    func cipherOutsideThePolicyFails() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: ["-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"]) { port in
            let result = try await probe("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            let tls = try #require(result.tls)
            #expect(!tls.policyHandshake.accepted)
            #expect(tls.policyHandshake.alert == "handshake_failure")
            #expect(tls.acceptedSuites == ["ECDHE-RSA-CHACHA20-POLY1305"])
            #expect(tls.acceptedVersions == [.tls1_2])
        }
    }

    @Test(.enabled(if: LoopbackExternalServer.shouldRun(needing: "openssl"), "openssl is not installed (CI=true makes this a failure)"))
    func healthyTLSTarget() async throws {
        try await LoopbackOpenSSLServer.with(extraArguments: []) { port in
            let result = try await probe("https://127.0.0.1:\(port)/", testConfiguration(quick: true))
            let tls = try #require(result.tls)
            #expect(tls.policyHandshake.accepted)
            #expect(tls.policyHandshake.version == .tls1_2)
            #expect(tls.policyHandshake.cipherSuite?.hasPrefix("ECDHE-RSA-AES") == true)
            #expect(tls.acceptedVersions.contains(.tls1_2))
            #expect(tls.acceptedSuites.contains("ECDHE-RSA-AES128-GCM-SHA256"))
            #expect(result.response?.outcome == .complete)
            #expect(result.response?.statusCode == 200)
        }
    }
}
