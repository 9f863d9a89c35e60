import ALBDiagnosis
import Testing

@Suite struct MalformedResponseRuleTests {
    @Test func failuresConcentratedOnOnePathAreMalformed() {
        var lines = healthy(4000, targets: webTargets)
        lines += (0..<30).map { i in
            LogLine.noValidResponse(
                webTargets[i % 8],
                at: 5 + Double(i) * 19,
                targetTime: "0.120",
                path: "/export/\(1000 + i)"
            )
        }
        let d = diagnose(lines)
        let f = d.finding(.targetMalformedResponse)
        #expect(f?.count == 30)
        #expect(f?.evidence.first?.details["path"] == "/export/{id}")
        #expect(f?.confirm.first?.contains("tcpdump -i any") == true)
        #expect(d.finding(.targetKeepaliveTimeout) == nil)
    }

    @Test func sameCountSpreadOverPathsIsNotMalformed() {
        var lines = healthy(4000, targets: webTargets)
        lines += (0..<30).map { i in
            LogLine.noValidResponse(
                webTargets[i % 8],
                at: 5 + Double(i) * 19,
                targetTime: "0.120",
                path: ["/", "/a", "/b/7", "/c"][i % 4]
            )
        }
        let d = diagnose(lines)
        #expect(d.finding(.targetMalformedResponse) == nil)
        #expect(d.finding(.targetKeepaliveTimeout)?.count == 30)
    }
}
