import ALBDiagnosis
import Testing

@Suite struct TargetUnreachableRuleTests {
    @Test func subnetFailingTogetherIsUnreachable() {
        var lines = healthy(3200, targets: webTargets)
        lines += (0..<40).map {
            LogLine.notDispatched($0 % 2 == 0 ? "10.0.3.10:8080" : "10.0.3.11:8080", at: 300 + Double($0) * 3)
        }
        let d = diagnose(lines)
        let f = d.finding(.targetUnreachable)
        #expect(f?.count == 40)
        #expect(f?.evidence.first?.details["subnet"] == "10.0.3.0/24")
        #expect(f?.alternatives == [.targetRefusedConnection])
        #expect(d.finding(.targetRefusedConnection) == nil)
    }

    @Test func sameSubnetAtDifferentTimesIsTwoRefusedTargets() {
        var lines = healthy(3200, targets: webTargets)
        lines += (0..<20).map { LogLine.notDispatched("10.0.3.10:8080", at: 60 + Double($0)) }
        lines += (0..<20).map { LogLine.notDispatched("10.0.3.11:8080", at: 400 + Double($0)) }
        let d = diagnose(lines)
        #expect(d.finding(.targetUnreachable) == nil)
        let refused = d.finding(.targetRefusedConnection)
        #expect(refused?.count == 40)
        #expect(refused?.evidence.count == 2)
    }
}
