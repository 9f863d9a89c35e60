import ALBDiagnosis
import Testing

@Suite struct SignatureClassifierTests {
    func signature(of line: LogLine) -> [Signature] {
        let (logs, scan) = InMemoryScan.aggregate(line.text + "\n")
        #expect(scan.linesSkipped == 0)
        return logs.signatureRows.map(\.signature)
    }

    @Test func targetReturned502() {
        let line = LogLine(elbStatus: "502", targetStatus: "502")
        #expect(signature(of: line) == [Signature(.targetReturned502)])
    }

    @Test func notDispatchedNeedsAllThreeTimesMinusOne() {
        #expect(signature(of: .notDispatched("10.0.0.1:80", at: 1)) == [Signature(.notDispatched)])
    }

    @Test(arguments: ["0.000 -1 -1", "-1 0.004 -1", "0.001 0.002 0.000"])
    func anyDispatchedTimeMeansNoValidResponse(times: String) {
        let line = LogLine(times: times, elbStatus: "502", targetStatus: "-")
        #expect(signature(of: line) == [Signature(.noValidResponse)])
    }

    @Test func lambdaCodeIsKept() {
        #expect(
            signature(of: .lambda("LambdaThrottling", at: 1)) == [Signature(.lambdaError, code: "LambdaThrottling")]
        )
    }

    @Test func fixedResponseWinsOverMinusOnes() {
        let line = LogLine(
            target: nil,
            times: "-1 -1 -1",
            elbStatus: "502",
            targetStatus: "-",
            group: "-",
            actions: "fixed-response"
        )
        #expect(signature(of: line) == [Signature(.other, code: "fixed-response")])
    }

    @Test func anotherTargetStatusIsOther() {
        let line = LogLine(times: "0.000 0.010 -1", elbStatus: "502", targetStatus: "200")
        #expect(signature(of: line) == [Signature(.other, code: "target-status-200")])
    }

    @Test func noTargetIsOther() {
        let line = LogLine(target: nil, times: "-1 -1 -1", elbStatus: "502", targetStatus: "-")
        #expect(signature(of: line) == [Signature(.other, code: "no-target")])
    }

    @Test func non502LinesHaveNoSignature() {
        #expect(signature(of: LogLine(elbStatus: "504", targetStatus: "-")).isEmpty)
    }

    @Test func sourceAttribution() {
        let lines = [
            LogLine(seconds: 1, elbStatus: "502", targetStatus: "502"),
            LogLine.notDispatched("10.0.0.1:80", at: 2),
            LogLine.lambda("LambdaUnhandled", at: 3),
            LogLine(seconds: 4, times: "0.000 0.010 -1", elbStatus: "502", targetStatus: "200"),
            LogLine(
                seconds: 5,
                target: nil,
                times: "-1 -1 -1",
                elbStatus: "502",
                targetStatus: "-",
                group: "-",
                actions: "fixed-response"
            ),
        ]
        let (logs, _) = InMemoryScan.aggregate(lines.map(\.text).joined(separator: "\n"))
        #expect(logs.sources[.target] == 1)
        #expect(logs.sources[.loadBalancer] == 2)
        #expect(logs.sources[.other] == 2)
        #expect(logs.elb502 == 5)
    }
}
