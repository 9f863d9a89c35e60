import ALBAccessLog
import ALBDiagnosis
import Testing

@Suite struct CaptureMergeTests {
    /// 2026-01-01T10:00:00Z plus `seconds`.
    static func time(_ seconds: Int64) -> LogTimestamp {
        LogTimestamp(microsecondsSinceEpoch: LogLine.base + seconds * 1_000_000)
    }

    static let logFinding = Finding(
        id: .targetRefusedConnection,
        confidence: 0.6,
        count: 40,
        evidence: [Evidence(source: .accessLog, summary: "40 not-dispatched 502s went to 10.0.1.10:8080")]
    )

    static let captureRefused = Finding(
        id: .targetRefusedConnection,
        confidence: 0.7,
        count: 3,
        evidence: [Evidence(source: .packetCapture, summary: "3 SYNs answered with RST by 10.0.1.10:8080")]
    )

    static let captureKeepAlive = Finding(
        id: .targetKeepaliveTimeout,
        confidence: 0.5,
        count: 0,
        evidence: [Evidence(source: .packetCapture, summary: "the target closed 4 idle connections after 5 s")]
    )

    static let logTargets = [
        CaptureMerge.LogTarget(endpoint: "10.0.1.10:8080", elb502: 40, first502: time(100), last502: time(200)),
        CaptureMerge.LogTarget(endpoint: "10.0.1.11:8080", elb502: 0, first502: time(0), last502: time(0)),
    ]

    static func capture(targets: [String], from: Int64, to: Int64) -> CaptureMerge.Capture {
        CaptureMerge.Capture(
            files: ["target.pcap"],
            targets: targets,
            first: time(from),
            last: time(to),
            findings: [captureRefused, captureKeepAlive]
        )
    }

    @Test func sameTargetAndTimeMergesAndRaisesConfidence() throws {
        let result = CaptureMerge.merge(
            logFindings: [Self.logFinding],
            logTargets: Self.logTargets,
            capture: Self.capture(targets: ["10.0.1.10:8080"], from: 150, to: 400)
        )
        #expect(result.matched)
        #expect(result.matchedTargets == ["10.0.1.10:8080"])
        let refused = try #require(result.findings.first { $0.id == .targetRefusedConnection })
        #expect(refused.confidence == 0.8)
        #expect(refused.count == 40)
        #expect(refused.evidence.map(\.source) == [.accessLog, .packetCapture, .packetCapture])
        #expect(refused.evidence[1].summary.contains("confidence raised from 0.6 to 0.8"))
        #expect(refused.evidence[1].details["matched_targets"] == "10.0.1.10:8080")
        #expect(refused.evidence[2].summary == "3 SYNs answered with RST by 10.0.1.10:8080")
        let keepAlive = try #require(result.findings.first { $0.id == .targetKeepaliveTimeout })
        #expect(keepAlive.confidence == 0.5)
        #expect(keepAlive.evidence.first?.summary.hasPrefix("Found only in the packet capture") == true)
        #expect(result.findings.map(\.id) == [.targetRefusedConnection, .targetKeepaliveTimeout])
        #expect(result.note.contains("confirms target-refused-connection and adds target-keepalive-timeout"))
    }

    @Test func captureConfidenceWinsWhenHigher() throws {
        var strong = Self.captureRefused
        strong.confidence = 0.95
        var capture = Self.capture(targets: ["10.0.1.10:8080"], from: 195, to: 196)
        capture.findings = [strong]
        let result = CaptureMerge.merge(logFindings: [Self.logFinding], logTargets: Self.logTargets, capture: capture)
        #expect(result.findings.map(\.confidence) == [0.95])
    }

    @Test func otherTargetDoesNotMerge() {
        let result = CaptureMerge.merge(
            logFindings: [Self.logFinding],
            logTargets: Self.logTargets,
            capture: Self.capture(targets: ["10.0.1.11:8080", "10.0.1.10:9090"], from: 100, to: 200)
        )
        #expect(!result.matched)
        #expect(result.findings == [Self.logFinding])
        #expect(result.note.contains("different target"))
        #expect(result.note.contains("10.0.1.10:8080"))
    }

    @Test func otherTimeDoesNotMerge() {
        let result = CaptureMerge.merge(
            logFindings: [Self.logFinding],
            logTargets: Self.logTargets,
            capture: Self.capture(targets: ["10.0.1.10:8080"], from: 206, to: 900)
        )
        #expect(!result.matched)
        #expect(result.findings == [Self.logFinding])
        #expect(result.note.contains("different time"))
    }

    @Test func toleranceCoversSmallClockDifferences() {
        let result = CaptureMerge.merge(
            logFindings: [Self.logFinding],
            logTargets: Self.logTargets,
            capture: Self.capture(targets: ["[10.0.1.10]:8080"], from: 203, to: 900)
        )
        #expect(result.matched)
    }

    @Test func emptyCaptureDoesNotMerge() {
        let capture = CaptureMerge.Capture(files: ["empty.pcap"], targets: [], first: nil, last: nil, findings: [])
        let result = CaptureMerge.merge(logFindings: [Self.logFinding], logTargets: Self.logTargets, capture: capture)
        #expect(!result.matched)
        #expect(result.note.contains("no packets"))
    }
}
