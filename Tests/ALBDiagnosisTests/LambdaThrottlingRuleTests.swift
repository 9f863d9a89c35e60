import ALBDiagnosis
import Testing

@Suite struct LambdaThrottlingRuleTests {
    @Test func throttling() {
        var lines = healthy(300, targets: webTargets)
        lines += (0..<20).map { LogLine.lambda("LambdaThrottling", at: 120 + Double($0) * 5, targetTime: "0.001") }
        let f = diagnose(lines).finding(.lambdaThrottled)
        #expect(f?.count == 20)
        #expect(f?.evidence.first?.details["minutes"] == "2")
        #expect(f?.fix.first?.contains("L-B99A9384") == true)
    }
}
