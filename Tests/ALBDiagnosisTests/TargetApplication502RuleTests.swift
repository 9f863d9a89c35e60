import ALBDiagnosis
import Testing

@Suite struct TargetApplication502RuleTests {
    @Test func targetStatus502IsTheApplication() {
        var lines = healthy(1000, targets: webTargets)
        lines += (0..<12).map { i in
            LogLine(
                seconds: Double(i) * 40,
                target: webTargets[i % 8],
                times: "0.001 0.800 0.000",
                elbStatus: "502",
                targetStatus: "502",
                path: "/pay/\(i + 100)"
            )
        }
        let d = diagnose(lines)
        let f = d.finding(.targetApplication502)
        #expect(f?.count == 12)
        #expect(f?.evidence.last?.details["path"] == "/pay/{id}")
        #expect(d.findings.count == 1)
    }
}
