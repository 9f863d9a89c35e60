import ALBDiagnosis
import Testing

@Suite struct TLSHandshakeRuleTests {
    let httpsTargets = ["10.0.4.20:8443", "10.0.4.21:8443"]

    @Test func httpsTargetFailingIsTLS() {
        var lines = healthy(3000, targets: webTargets)
        lines += healthy(400, targets: ["10.0.4.20:8443"], group: "tg-https")
        lines += (0..<25).map { LogLine.notDispatched("10.0.4.21:8443", at: Double($0) * 20, group: "tg-https") }
        let d = diagnose(lines)
        let f = d.finding(.targetTLSHandshakeFailed)
        #expect(f?.count == 25)
        #expect(f?.evidence.first?.details["target_group"] == "tg-https")
        #expect(f?.confirm.contains { $0.contains("TargetTLSNegotiationErrorCount") } == true)
        #expect(d.finding(.targetRefusedConnection) == nil)
    }

    @Test func plainHTTPTargetIsNotTLS() {
        var lines = healthy(3000, targets: webTargets)
        lines += (0..<25).map { LogLine.notDispatched("10.0.1.10:8080", at: Double($0) * 20) }
        let d = diagnose(lines)
        #expect(d.finding(.targetTLSHandshakeFailed) == nil)
        #expect(d.finding(.targetRefusedConnection)?.count == 25)
    }

    @Test func httpsNameWithoutHTTPSPortStillCounts() {
        #expect(TargetAddress.looksHTTPS(target: "10.0.0.1:9000", targetGroup: "api-HTTPS"))
        #expect(TargetAddress.looksHTTPS(target: "10.0.0.1:443", targetGroup: nil))
        #expect(!TargetAddress.looksHTTPS(target: "10.0.0.1:8080", targetGroup: "api"))
    }
}
