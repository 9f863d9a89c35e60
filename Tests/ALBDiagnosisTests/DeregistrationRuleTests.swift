import ALBDiagnosis
import Testing

@Suite struct DeregistrationRuleTests {
    /// Healthy traffic where `target` stops receiving requests at `stop` seconds.
    func traffic(stoppingAt stop: Double, target: String) -> [LogLine] {
        healthy(4000, targets: webTargets).filter { !($0.target == target && $0.seconds >= stop) }
    }

    @Test func burstAtOneInstantThenSilenceIsDeregistration() {
        var lines = traffic(stoppingAt: 300, target: "10.0.2.12:8080")
        lines += (0..<25).map { i in
            LogLine.noValidResponse(
                "10.0.2.12:8080",
                at: 330 + Double(i) * 0.002,
                targetTime: "\(20 + i).500",
                path: "/upload"
            )
        }
        let d = diagnose(lines)
        let f = d.finding(.targetDeregistered)
        #expect(f?.count == 25)
        #expect(f?.evidence.first?.details["target"] == "10.0.2.12:8080")
        #expect(f?.evidence.first?.details["seconds_after_last_request"] == "30")
        #expect(f?.confirm.first?.contains("DeregisterTargets") == true)
        #expect(d.finding(.targetMalformedResponse) == nil)
        #expect(d.finding(.targetKeepaliveTimeout) == nil)
    }

    @Test func burstWithTrafficAfterwardsIsNotDeregistration() {
        var lines = healthy(4000, targets: webTargets)
        lines += (0..<25).map { i in
            LogLine.noValidResponse("10.0.2.12:8080", at: 330 + Double(i) * 0.002, targetTime: "0.300", path: "/upload")
        }
        let d = diagnose(lines)
        #expect(d.finding(.targetDeregistered) == nil)
    }

    @Test func burstAtTheVeryEndOfTheLogsIsNotCalled() {
        // The logs stop right after the burst: we cannot tell that no traffic followed.
        var lines = traffic(stoppingAt: 590, target: "10.0.2.12:8080").filter { $0.seconds < 595 }
        lines += (0..<25).map { i in
            LogLine.noValidResponse(
                "10.0.2.12:8080",
                at: 598 + Double(i) * 0.002,
                targetTime: "20.000",
                path: "/upload"
            )
        }
        #expect(diagnose(lines).finding(.targetDeregistered) == nil)
    }
}
