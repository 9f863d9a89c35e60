import ALBDiagnosis
import Testing

@Suite struct TargetConnectionRefusedRuleTests {
    @Test func notDispatchedConcentratedOnOneTargetIsRefused() {
        var lines = healthy(3200, targets: webTargets)
        lines += (0..<30).map { LogLine.notDispatched("10.0.1.12:8080", at: 120 + Double($0) * 4) }
        let d = diagnose(lines)
        let f = d.finding(.targetRefusedConnection)
        #expect(f?.count == 30)
        #expect(f?.evidence.first?.details["target"] == "10.0.1.12:8080")
        #expect(f?.alternatives.contains(.targetUnreachable) == true)
        #expect(f?.confirm.contains { $0.contains("TargetConnectionErrorCount") } == true)
        #expect(d.finding(.targetUnreachable) == nil)
        #expect(d.finding(.targetTLSHandshakeFailed) == nil)
        #expect(d.finding(.targetKeepaliveTimeout) == nil)
    }

    @Test func thinlySpreadNotDispatchedIsNotPinnedOnATarget() {
        var lines = healthy(3200, targets: webTargets)
        // One failure per target: nobody stands out.
        lines += webTargets.enumerated().map { LogLine.notDispatched($0.element, at: 30 + Double($0.offset) * 60) }
        let d = diagnose(lines)
        #expect(d.finding(.targetRefusedConnection) == nil)
        let keepAlive = d.finding(.targetKeepaliveTimeout)
        #expect(keepAlive?.count == 8)
        #expect(keepAlive?.alternatives == [.targetRefusedConnection])
    }
}
