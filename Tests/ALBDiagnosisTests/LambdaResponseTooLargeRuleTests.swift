import ALBDiagnosis
import Testing

@Suite struct LambdaResponseTooLargeRuleTests {
    @Test func responseTooLarge() {
        var lines = healthy(300, targets: webTargets)
        lines += (0..<7).map {
            LogLine.lambda("LambdaResponseTooLarge", at: Double($0) * 30, targetTime: "1.200", path: "/report")
        }
        let d = diagnose(lines)
        let f = d.finding(.lambdaResponseTooLarge)
        #expect(f?.count == 7)
        #expect(f?.confidence == 0.95)
        #expect(f?.evidence.contains { $0.details["path"] == "/report" } == true)
        #expect(f?.fix.first?.contains("1 MB") == true)
        #expect(d.findings.map(\.id) == [.lambdaResponseTooLarge])
    }
}
