import ALBDiagnosis
import Testing

/// A target that left while registered explains its errors of every code: the 502s of requests cut in flight,
/// the 504 connection timeouts once its address no longer answered (a terminated instance, a deleted pod's IP),
/// and the 460s of clients that gave up on it — one finding with its counts per code, and no 504 or 460 cause
/// claiming them again.
@Suite struct TargetStoppedWhileRegisteredCodesTests {
    static let gone = "10.0.2.12:8080"

    /// Healthy traffic over 600 s; at 300 s the target's address vanishes: `cut` requests in flight fail, new
    /// requests routed to it until 306 s time out after 10 s (504), and `gaveUp` clients with a 5 s timeout
    /// close first (460).
    func vanished(cut: Int = 3, timeouts: Int = 12, gaveUp: Int = 4) -> [LogLine] {
        var lines = healthy(8000, targets: webTargets).filter { !($0.target == Self.gone && $0.seconds >= 300) }
        lines += (0..<cut).map { i in
            LogLine.noValidResponse(Self.gone, at: 300.05 + Double(i) * 0.01, targetTime: "0.4\(i)0")
        }
        lines += (0..<timeouts).map { i in
            LogLine(
                seconds: 310.3 + Double(i) * 0.5,
                target: Self.gone,
                times: "0.000 -1 -1",
                elbStatus: "504",
                targetStatus: "-",
                elapsed: 10.0
            )
        }
        lines += (0..<gaveUp).map { i in
            LogLine(
                seconds: 305.5 + Double(i) * 0.5,
                target: Self.gone,
                times: "0.000 -1 -1",
                elbStatus: "460",
                targetStatus: "-",
                elapsed: 5.0
            )
        }
        return lines
    }

    func statusFindings(_ d: Diagnosis, _ selection: StatusSelection) -> [Finding] {
        StatusCauseRules.findings(
            StatusCauseContext(
                statuses: d.context.logs.statuses,
                selection: selection.resolved(against: d.context.logs.statuses),
                departures: d.context.departures.departures
            )
        )
    }

    @Test func theStopCountsItsTimeoutsAndTheClientsThatGaveUp() throws {
        let d = diagnose(vanished())
        let departure = try #require(d.context.departures.departure(of: Self.gone))
        #expect(departure.count == 3)
        #expect(departure.timedOut == 12)
        #expect(departure.gaveUp == 4)
        let f = try #require(d.finding(.targetStoppedWhileRegistered))
        #expect(f.countsByStatus == [502: 3, 504: 12, 460: 4])
        #expect(f.claims[ErrorClaims.Key(status: 504, target: Self.gone)] == 12)
        #expect(f.alternatives.contains(.targetConnectTimeout))
        let e = try #require(f.evidence.first)
        #expect(e.details["connect_timeouts_504"] == "12")
        #expect(e.details["client_closed_460"] == "4")
        #expect(e.summary.contains("12 × 504 after the 10 s connection timeout"))
        // The 502 report counts its 502s only.
        #expect(Finding.counted502(d.findings).first { $0.id == .targetStoppedWhileRegistered }?.count == 3)
    }

    @Test func noOtherCauseClaimsTheStopsTimeoutsOr460s() throws {
        let d = diagnose(vanished())
        let others = statusFindings(d, .automatic)
        #expect(!others.contains { $0.id == .targetConnectTimeout })
        #expect(!others.contains { $0.id == .clientClosedEarly })
        let all = Finding.acrossCodes(d.findings, others, selected: [460, 502, 504], shows502: true)
        let top = try #require(all.first)
        #expect(top.id == .targetStoppedWhileRegistered)
        #expect(top.count == 3 + 12 + 4)
        // Every error explained once.
        #expect(all.reduce(0) { $0 + $1.count } <= 3 + 12 + 4)
    }

    @Test func underStatus504TheStopIsNamedForIts504s() throws {
        let d = diagnose(vanished())
        let others = statusFindings(d, StatusSelection(codes: [504]))
        let all = Finding.acrossCodes(d.findings, others, selected: [504], shows502: false)
        let top = try #require(all.first)
        #expect(top.id == .targetStoppedWhileRegistered)
        #expect(top.count == 12)
    }

    @Test func timeoutsOnATargetThatStayedAreStillAConnectTimeout() throws {
        // Another target times out now and then but keeps serving: not a departure.
        var lines = vanished()
        lines += (0..<6).map { i in
            LogLine(
                seconds: 100 + Double(i) * 60,
                target: "10.0.1.11:8080",
                times: "0.000 -1 -1",
                elbStatus: "504",
                targetStatus: "-",
                elapsed: 10.0
            )
        }
        let d = diagnose(lines)
        #expect(d.context.departures.departure(of: "10.0.1.11:8080") == nil)
        let timeout = try #require(statusFindings(d, .automatic).first { $0.id == .targetConnectTimeout })
        #expect(timeout.count == 6)
        #expect(timeout.evidence.contains { $0.details["explained_elsewhere"] == "12" })
    }

    @Test func anAddressThatVanishedWithNothingInFlightIsAStopSeenIn504sOnly() throws {
        let d = diagnose(vanished(cut: 0, gaveUp: 0))
        let f = try #require(d.finding(.targetStoppedWhileRegistered))
        #expect(f.count == 0)
        #expect(f.countsByStatus == [504: 12])
        // Not a 502 cause: the 502 report leaves it out; the 504 report leads with it.
        #expect(!Finding.counted502(d.findings).contains { $0.id == .targetStoppedWhileRegistered })
        let all = Finding.acrossCodes(d.findings, statusFindings(d, .automatic), selected: [504], shows502: false)
        #expect(all.first?.id == .targetStoppedWhileRegistered)
        #expect(all.first?.count == 12)
    }
}
