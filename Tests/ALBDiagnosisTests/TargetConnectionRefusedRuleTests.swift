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

    /// A target group of one target: the median is that target's own rate, so only the absolute rate can show
    /// that 40 % of its requests failing to connect is no keep-alive race.
    @Test func aLoneTargetFailingOftenIsRefusedNotKeepAlive() {
        var lines = healthy(60, targets: ["10.0.1.10:8080"])
        lines += (0..<40).map { LogLine.notDispatched("10.0.1.10:8080", at: 600 + Double($0) * 5) }
        let d = diagnose(lines)
        #expect(d.finding(.targetRefusedConnection)?.count == 40)
        #expect(d.finding(.targetKeepaliveTimeout) == nil)
    }
}
