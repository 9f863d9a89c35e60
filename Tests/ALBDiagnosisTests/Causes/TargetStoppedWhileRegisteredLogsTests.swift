import ALBAccessLog
import ALBDiagnosis
import Testing

/// `target-stopped-while-registered` from the access logs alone (``TargetDepartures``): deploys, scale-ins and
/// drains against crash loops and deregistration-delay cuts, and no keep-alive or refused claim on a stop's 502s.
@Suite struct TargetStoppedWhileRegisteredLogsTests {
    /// Healthy traffic over 600 s; `target` serves ordinary requests until `stop`, then its process exits:
    /// `cut` requests in flight fail at the stop and new connections are refused every `every` seconds for
    /// `refusing` seconds, after which the load balancer stops routing to it.
    func stop(
        _ target: String,
        at stop: Double,
        cut: Int = 3,
        refusing: Double = 6,
        every: Double = 0.5,
        requests: Int = 8000
    ) -> [LogLine] {
        var lines = healthy(requests, targets: webTargets).filter { !($0.target == target && $0.seconds >= stop) }
        lines += (0..<cut).map { i in
            LogLine.noValidResponse(target, at: stop + 0.05 + Double(i) * 0.01, targetTime: "0.\(400 + i)")
        }
        var t = stop + 0.3
        while t < stop + refusing {
            lines.append(LogLine.notDispatched(target, at: t))
            t += every
        }
        return lines
    }

    @Test func aPodStoppedDuringARolloutIsNamedFromTheLogsAlone() throws {
        let d = diagnose(stop("10.0.2.12:8080", at: 300))
        let f = try #require(d.findings.first)
        #expect(f.id == .targetStoppedWhileRegistered)
        #expect(f.count == 3 + 12)
        #expect(f.confidence >= 0.6 && f.confidence <= 0.75)
        let e = try #require(f.evidence.first)
        #expect(e.details["target"] == "10.0.2.12:8080")
        #expect(e.details["refused"] == "12")
        #expect(e.details["cut"] == "3")
        #expect(e.details["first_502"] == Phrase.time(LogLine.base + 300 * 1_000_000))
        #expect(f.confirm.contains { $0.contains("DeregisterTargets") })
        #expect(f.confirm.contains { $0.contains("--kube-pods") })
        #expect(f.fix.contains { $0.contains("preStop") })
        // Nothing else claims the stop's 502s.
        #expect(d.finding(.targetKeepaliveTimeout) == nil)
        #expect(d.finding(.targetRefusedConnection) == nil)
        #expect(d.finding(.targetDeregistered) == nil)
        #expect(d.findings.reduce(0) { $0 + $1.count } <= d.context.logs.elb502)
    }

    @Test func aRolloutOfTwoPodsIsOneFindingWithBothTargets() throws {
        var lines = stop("10.0.2.12:8080", at: 300)
        lines = lines.filter { !($0.target == "10.0.1.11:8080" && $0.seconds >= 320) }
        lines += stop("10.0.1.11:8080", at: 320, cut: 2, refusing: 4).filter {
            $0.target == "10.0.1.11:8080" && $0.seconds >= 320
        }
        let d = diagnose(lines)
        let f = try #require(d.finding(.targetStoppedWhileRegistered))
        #expect(f.count == 15 + 2 + 8)
        #expect(Set(f.evidence.compactMap { $0.details["target"] }) == ["10.0.2.12:8080", "10.0.1.11:8080"])
        #expect(d.findings.first?.id == .targetStoppedWhileRegistered)
        #expect(d.finding(.targetKeepaliveTimeout) == nil)
    }

    @Test func aStopAmongSparseKeepAliveRacesLeavesTheRacesToKeepAlive() throws {
        var lines = stop("10.0.2.12:8080", at: 300)
        // Rare fast failures on every other target: the keep-alive race.
        for (i, target) in webTargets.dropLast(3).enumerated() {
            lines.append(LogLine.noValidResponse(target, at: 100 + Double(i) * 37, targetTime: "0.001"))
        }
        let d = diagnose(lines)
        let stopped = try #require(d.finding(.targetStoppedWhileRegistered))
        #expect(stopped.count == 15)
        let keepAlive = try #require(d.finding(.targetKeepaliveTimeout))
        #expect(keepAlive.count == 5)
    }

    @Test func aCrashLoopIsRefusedNotAStop() throws {
        let target = "10.0.2.12:8080"
        func down(_ line: LogLine) -> Bool {
            line.target == target && [100.0, 200.0, 300.0].contains { line.seconds >= $0 && line.seconds < $0 + 8 }
        }
        var lines = healthy(8000, targets: webTargets).filter { !down($0) }
        for start in [100.0, 200.0, 300.0] {
            var t = start
            while t < start + 8 {
                lines.append(LogLine.notDispatched(target, at: t))
                t += 0.5
            }
        }
        let d = diagnose(lines)
        #expect(d.finding(.targetStoppedWhileRegistered) == nil)
        #expect(d.findings.first?.id == .targetRefusedConnection)
    }

    @Test func aCrashLoopThatEndsWithTheTargetGoneIsStillACrashLoop() throws {
        let target = "10.0.2.12:8080"
        var lines = healthy(8000, targets: webTargets).filter {
            !($0.target == target && (($0.seconds >= 100 && $0.seconds < 108) || $0.seconds >= 300))
        }
        for start in [100.0, 300.0] {
            var t = start
            while t < start + 8 {
                lines.append(LogLine.notDispatched(target, at: t))
                t += 0.5
            }
        }
        let d = diagnose(lines)
        #expect(d.finding(.targetStoppedWhileRegistered) == nil)
        #expect(d.finding(.targetRefusedConnection)?.count == 32)
    }

    @Test func aTargetThatNeverAnsweredIsRefusedNotAStop() throws {
        let target = "10.0.3.12:8080"
        var lines = healthy(8000, targets: webTargets)
        var t = 0.0
        while t < 200 {
            lines.append(LogLine.notDispatched(target, at: t))
            t += 2
        }
        let d = diagnose(lines)
        #expect(d.finding(.targetStoppedWhileRegistered) == nil)
        #expect(d.finding(.targetRefusedConnection)?.count == 100)
    }

    @Test func aStopAtTheVeryEndOfTheLogsIsNotCalled() {
        // The logs end 30 s after the stop: nobody can tell that the target's traffic ended.
        let lines = stop("10.0.2.12:8080", at: 300).filter { $0.seconds < 336 }
        #expect(diagnose(lines).finding(.targetStoppedWhileRegistered) == nil)
    }

    @Test func aDrainThatCutsLongRequestsStaysADeregistration() throws {
        // New requests stopped at 300 (draining); 25 long uploads cut at 330 when the delay ran out.
        var lines = healthy(8000, targets: webTargets).filter { !($0.target == "10.0.2.12:8080" && $0.seconds >= 300) }
        lines += (0..<25).map { i in
            LogLine.noValidResponse("10.0.2.12:8080", at: 330 + Double(i) * 0.002, targetTime: "\(20 + i).500")
        }
        let d = diagnose(lines)
        #expect(d.finding(.targetStoppedWhileRegistered) == nil)
        #expect(d.finding(.targetDeregistered)?.count == 25)
    }
}
