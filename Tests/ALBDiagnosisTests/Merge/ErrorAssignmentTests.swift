import ALBAccessLog
import ALBDiagnosis
import Testing

/// Each error explained once: competing causes become alternatives, counts never exceed the errors.
@Suite struct ErrorAssignmentTests {
    func finding(_ id: CauseID, _ confidence: Double, _ claims: [(String, Int)], count: Int? = nil) -> Finding {
        var f = Finding(
            id: id,
            confidence: confidence,
            count: count ?? claims.reduce(0) { $0 + $1.1 },
            confirm: ["confirm \(id.rawValue)"]
        )
        for (target, n) in claims { f.claims.add(status: 502, target: target, count: n) }
        return f
    }

    @Test func theSameErrorsGoToTheMoreConfidentCauseAndTheOtherBecomesItsAlternative() throws {
        let findings = ErrorAssignment.assign(
            [
                finding(.targetDeregistered, 0.85, [("10.0.2.12:8080", 10)]),
                finding(.targetStoppedWhileRegistered, 0.9, [("10.0.2.12:8080", 10)]),
            ],
            totals: [.init(status: 502, target: "10.0.2.12:8080"): 10]
        )
        #expect(findings.map(\.id) == [.targetStoppedWhileRegistered])
        let root = try #require(findings.first)
        #expect(root.count == 10)
        #expect(root.alternatives.contains(.targetDeregistered))
        let alternative = try #require(root.alternativeCauses.first)
        #expect(alternative.id == .targetDeregistered)
        #expect(alternative.confidence == 0.85)
        #expect(alternative.count == 10)
        #expect(alternative.confirm == ["confirm target-deregistered"])
    }

    @Test func aPartialOverlapKeepsTheRestAndSaysWhereTheOverlapWent() throws {
        let findings = ErrorAssignment.assign(
            [
                finding(.targetRefusedConnection, 0.6, [("a:80", 10), ("b:80", 5)]),
                finding(.targetStoppedWhileRegistered, 0.7, [("a:80", 10)]),
            ],
            totals: [.init(status: 502, target: "a:80"): 10, .init(status: 502, target: "b:80"): 5]
        )
        let refused = try #require(findings.first { $0.id == .targetRefusedConnection })
        #expect(refused.count == 5)
        #expect(refused.evidence.last?.details["explained_elsewhere"] == "10")
        #expect(refused.alternatives.contains(.targetStoppedWhileRegistered))
        #expect(findings.reduce(0) { $0 + $1.count } == 15)
    }

    @Test func claimsOnDifferentErrorsOfOneTargetBothStandWhenTheLogsCountedEnough() {
        let findings = ErrorAssignment.assign(
            [
                finding(.targetRefusedConnection, 0.6, [("a:80", 6)]),
                finding(.targetStoppedWhileRegistered, 0.7, [("a:80", 4)]),
            ],
            totals: [.init(status: 502, target: "a:80"): 10]
        )
        #expect(findings.map(\.count).sorted() == [4, 6])
    }

    @Test func withoutTheLogsCountTheLargestClaimBoundsTheCluster() {
        let findings = ErrorAssignment.assign([
            finding(.targetDeregistered, 0.85, [("a:80", 8)]),
            finding(.targetStoppedWhileRegistered, 0.9, [("a:80", 10)]),
        ])
        #expect(findings.map(\.id) == [.targetStoppedWhileRegistered])
        #expect(findings.reduce(0) { $0 + $1.count } == 10)
    }

    @Test func findingsWithoutClaimsAreLeftAsTheyAre() {
        let plain = Finding(id: .targetKeepaliveTimeout, confidence: 0.3, count: 40)
        let findings = ErrorAssignment.assign([
            plain, finding(.targetDeregistered, 0.85, [("a:80", 8)]),
            finding(.targetStoppedWhileRegistered, 0.9, [("a:80", 8)]),
        ])
        #expect(findings.contains(plain))
        #expect(findings.count == 2)
    }

    /// The held-back shape: a pod SIGKILLed at the end of its grace period, deregistration delay 300 s. The logs
    /// alone read a deregistration cut; the pod's exit 137 at the cut makes the stop the root cause and the
    /// delay its alternative, with one count.
    @Test func aPodKilledMidRequestIsOneRootCauseWithTheDelayAsItsAlternative() throws {
        let target = "10.0.2.12:8080"
        var lines = healthy(8000, targets: webTargets).filter { !($0.target == target && $0.seconds >= 300) }
        lines += (0..<10).map { i in
            LogLine.noValidResponse(target, at: 330 + Double(i) * 0.01, targetTime: "\(25 + i).000")
        }
        let logs = diagnose(lines)
        #expect(logs.finding(.targetDeregistered)?.count == 10)
        func time(_ s: Int64) -> LogTimestamp { LogTimestamp(microsecondsSinceEpoch: LogLine.base + s * 1_000_000) }
        var inputs = EvidenceInputs(start: time(0), end: time(600))
        inputs.workloads = [
            Workload(
                address: "10.0.2.12",
                kind: .kubernetesPod,
                pod: .init(
                    namespace: "shop",
                    name: "web-1",
                    deletionTimestamp: time(300),
                    gracePeriodSeconds: 30,
                    hasPreStopHook: true,
                    exitCodes: ["app": 137],
                    finishedAt: time(330)
                )
            )
        ]
        let combined = CombinedDiagnosis(logs: logs, inputs: inputs)
        let root = try #require(combined.findings.first)
        #expect(root.id == .targetStoppedWhileRegistered)
        #expect(root.count == 10)
        #expect(!combined.findings.contains { $0.id == .targetDeregistered })
        #expect(root.alternativeCauses.map(\.id) == [.targetDeregistered])
        #expect(root.confirm.first?.contains("exit 137") == true)
        #expect(combined.findings.reduce(0) { $0 + $1.count } <= logs.context.logs.elb502)
    }
}
