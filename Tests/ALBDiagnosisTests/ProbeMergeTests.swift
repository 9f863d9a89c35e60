import ALBDiagnosis
import ALBWire
import Testing

/// `ProbeMerge` over hand-built findings and probe observations.
@Suite struct ProbeMergeTests {
    static let url = "http://10.0.1.10:8080/health"

    static func keepAliveFinding(confidence: Double = 0.6) -> Finding {
        Finding(
            id: .targetKeepaliveTimeout,
            confidence: confidence,
            count: 12,
            evidence: [
                Evidence(
                    source: .accessLog,
                    summary: "12 fast no-response 502s on 10.0.1.10:8080",
                    details: ["targets": "10.0.1.10:8080"]
                )
            ]
        )
    }

    static func observation(closedAfter idle: Double?, connected: Bool = true) -> ProbeResult {
        ProbeResult(
            target: ProbeTarget(scheme: .http, host: "10.0.1.10", port: 8080, path: "/health"),
            address: "10.0.1.10:8080",
            idleTimeout: 60,
            connect: ConnectCheck(
                outcome: connected ? .connected : .refused,
                seconds: 0.001,
                timeout: 10,
                detail: connected ? "connected" : "connection refused"
            ),
            response: connected
                ? ResponseCheck(
                    outcome: .complete,
                    request: "GET /health HTTP/1.1",
                    statusLine: "HTTP/1.1 200 OK",
                    statusCode: 200,
                    seconds: 0.01,
                    detail: "200 OK"
                ) : nil,
            keepAlive: connected
                ? KeepAliveCheck(
                    outcome: idle == nil ? .stayedOpen : .closedByTarget,
                    closeKind: idle == nil ? nil : .fin,
                    idleSeconds: idle,
                    waitedSeconds: idle ?? 65,
                    idleTimeout: 60,
                    detail: idle.map { "closed after \($0) s" } ?? "stayed open"
                ) : nil
        )
    }

    @Test func confirmingProbeAddsEvidenceAndRaisesConfidence() throws {
        let merged = ProbeMerge.merge(
            findings: [Self.keepAliveFinding()],
            observations: [Self.observation(closedAfter: 5)]
        )
        let finding = try #require(merged.first { $0.id == .targetKeepaliveTimeout })
        #expect(finding.confidence > 0.6)
        let probe = finding.evidence.filter { $0.source == .probe }
        #expect(probe.count >= 2)
        let note = try #require(probe.first { $0.details["effect"] == "confirmed" })
        #expect(note.summary.contains("raised from 60%"))
        #expect(finding.evidence.first?.source == .accessLog)
    }

    @Test func healthyProbeLowersConfidence() throws {
        let merged = ProbeMerge.merge(
            findings: [Self.keepAliveFinding(confidence: 0.8)],
            observations: [Self.observation(closedAfter: nil)]
        )
        let finding = try #require(merged.first)
        #expect(finding.confidence == 0.48)
        let note = try #require(finding.evidence.first { $0.details["effect"] == "weakened" })
        #expect(note.summary.contains("lowered from 80% to 48%"))
        #expect(note.summary.contains("kept the idle connection open"))
    }

    @Test func newProbeCauseIsAdded() throws {
        let merged = ProbeMerge.merge(
            findings: [Self.keepAliveFinding()],
            observations: [Self.observation(closedAfter: nil, connected: false)]
        )
        let refused = try #require(merged.first { $0.id == .targetRefusedConnection })
        #expect(refused.evidence.contains { $0.details["effect"] == "added" })
        // No keep-alive check ran: the keep-alive finding is untouched.
        let keepAlive = try #require(merged.first { $0.id == .targetKeepaliveTimeout })
        #expect(keepAlive.confidence == 0.6)
        #expect(!keepAlive.evidence.contains { $0.source == .probe })
    }

    static let groups = [
        TargetGroupSnapshot(
            name: "app",
            arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/1",
            protocol: "HTTPS",
            port: 8443,
            targetType: "ip",
            healthCheckPath: "/health",
            targets: [
                .init(id: "10.0.2.12", port: 8443, state: "healthy"),
                .init(id: "10.0.1.10", port: 8080, state: "healthy"),
            ]
        ),
        TargetGroupSnapshot(name: "fn", arn: "arn:fn", protocol: nil, port: nil, targetType: "lambda"),
    ]

    @Test func targetsNamedByTheEvidenceComeFirst() {
        let candidates = ProbeMerge.candidates(targetGroups: Self.groups)
        #expect(candidates.map(\.url) == ["https://10.0.2.12:8443/health", "https://10.0.1.10:8080/health"])
        let chosen = ProbeMerge.targetsToProbe(findings: [Self.keepAliveFinding()], candidates: candidates, limit: 1)
        #expect(chosen.map(\.address) == ["10.0.1.10:8080"])
        let none = ProbeMerge.targetsToProbe(
            findings: [Finding(id: .lambdaThrottled, confidence: 0.9, count: 3)],
            candidates: candidates,
            limit: 5
        )
        #expect(none.isEmpty)
    }

    @Test func withoutProbesEachOpenFindingGetsTheCommand() throws {
        let findings = ProbeMerge.addProbeCommands(
            to: [
                Self.keepAliveFinding(),
                Finding(id: .targetTLSHandshakeFailed, confidence: 0.7, count: 4),
                Finding(id: .lambdaError, confidence: 0.9, count: 3),
            ],
            candidates: ProbeMerge.candidates(targetGroups: Self.groups),
            idleTimeout: 75,
            backendPolicy: "ELBSecurityPolicy-2016-08"
        )
        let keepAlive = try #require(findings[0].confirm.last)
        #expect(
            keepAlive.contains(
                "`alb-doctor probe https://10.0.1.10:8080/health --idle-timeout 75 --backend-policy ELBSecurityPolicy-2016-08`"
            )
        )
        let tls = try #require(findings[1].confirm.last)
        #expect(
            tls.contains(
                "alb-doctor probe https://10.0.2.12:8443/health https://10.0.1.10:8080/health --idle-timeout 75 --backend-policy ELBSecurityPolicy-2016-08 --quick"
            )
        )
        #expect(findings[2].confirm.isEmpty)
    }

    /// The rules' generic "`alb-doctor probe` …" hint is replaced by the exact command, in its place; a hint that
    /// also names another command stays.
    @Test func theExactCommandReplacesTheGenericHint() throws {
        var refused = Finding(id: .targetRefusedConnection, confidence: 0.8, count: 5)
        refused.evidence = [
            Evidence(source: .accessLog, summary: "10.0.1.10:8080", details: ["target": "10.0.1.10:8080"])
        ]
        refused.confirm = [
            "CloudWatch TargetConnectionErrorCount has data points.",
            "From a host in the load balancer's subnets, `alb-doctor probe` against 10.0.1.10:8080: a refused connection (RST) confirms it.",
            "`alb-doctor probe --load-balancer web` from inside the VPC.",
            "`openssl s_client -connect 10.0.1.10:8080` or `alb-doctor probe` with TLS.",
        ]
        let out = ProbeMerge.addProbeCommands(
            to: [refused],
            candidates: ProbeMerge.candidates(targetGroups: Self.groups),
            idleTimeout: 60,
            backendPolicy: "ELBSecurityPolicy-2016-08"
        )
        let confirm = try #require(out.first?.confirm)
        #expect(confirm.count == 3, "\(confirm)")
        #expect(confirm[0] == refused.confirm[0])
        #expect(confirm[1].contains("`alb-doctor probe https://10.0.1.10:8080/health --idle-timeout 60"))
        #expect(confirm[1].hasSuffix(": a refused connect (TCP RST) confirms it."))
        #expect(confirm[2] == refused.confirm[3])
    }
}
