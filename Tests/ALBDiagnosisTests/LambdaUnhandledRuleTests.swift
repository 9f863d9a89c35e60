import ALBDiagnosis
import Testing

@Suite struct LambdaUnhandledRuleTests {
    @Test func timesAtAConstantAreATimeout() {
        var lines = healthy(300, targets: webTargets)
        lines += (0..<12).map { LogLine.lambda("LambdaUnhandled", at: Double($0) * 30, targetTime: "15.00\($0 % 5)") }
        lines += (0..<3).map { LogLine.lambda("LambdaUnhandled", at: 7 + Double($0) * 30, targetTime: "0.0\($0 + 2)0") }
        let f = diagnose(lines).finding(.lambdaUnhandled)
        #expect(f?.count == 15)
        #expect(
            f?.evidence.contains { $0.details["timeout_seconds"] == "15" && $0.details["at_timeout"] == "12" } == true
        )
        #expect(f?.fix.first?.contains("timeout") == true)
    }

    @Test func scatteredTimesAreExceptions() {
        var lines = healthy(300, targets: webTargets)
        lines += (0..<10).map { LogLine.lambda("LambdaUnhandled", at: Double($0) * 30, targetTime: "0.\($0)50") }
        let f = diagnose(lines).finding(.lambdaUnhandled)
        #expect(f?.count == 10)
        #expect(f?.evidence.contains { $0.details["timeout_seconds"] != nil } == false)
    }
}
