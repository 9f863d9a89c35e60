import ALBDiagnosis
import Testing

@Suite struct KeepAliveTimeoutRuleTests {
    @Test func rareFastFailuresOnEveryTargetAreKeepAlive() {
        var lines = healthy(4000, targets: webTargets)
        lines += (0..<24).map { i in
            LogLine.noValidResponse(
                webTargets[i % 8],
                at: 10 + Double(i) * 23,
                targetTime: "0.00\(i % 3)",
                path: ["/", "/a", "/c"][i % 3]
            )
        }
        let d = diagnose(lines)
        let f = d.finding(.targetKeepaliveTimeout)
        #expect(f?.count == 24)
        #expect((f?.confidence ?? 0) >= 0.6)
        #expect(f?.evidence.first?.details["fast"] == "24")
        #expect(f?.evidence.first?.details["targets"] == "8")
        #expect(f?.fix.first?.contains("keep-alive") == true)
        #expect(d.finding(.targetMalformedResponse) == nil)
        #expect(d.finding(.targetDeregistered) == nil)
    }

    @Test func slowFailuresLowerTheConfidence() {
        var lines = healthy(4000, targets: webTargets)
        lines += (0..<24).map { i in
            LogLine.noValidResponse(
                webTargets[i % 8],
                at: 10 + Double(i) * 23,
                targetTime: "2.500",
                path: ["/", "/a", "/c"][i % 3]
            )
        }
        let f = diagnose(lines).finding(.targetKeepaliveTimeout)
        #expect(f != nil)
        #expect((f?.confidence ?? 1) < 0.6)
    }

    @Test func noFailuresNoFinding() {
        #expect(diagnose(healthy(500, targets: webTargets)).findings.isEmpty)
    }
}
