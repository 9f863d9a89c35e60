import ALBDiagnosis
import Testing

/// Each status cause from hand-made lines mixed into healthy traffic, through the real engine.
@Suite struct StatusCauseTests {
    static func healthy(_ n: Int, path: String = "/", seconds: Double = 0.010, target: String = "10.0.1.10:8080")
        -> [LogLine]
    {
        (0..<n).map { i in
            LogLine(seconds: Double(i), target: target, times: "0.000 \(seconds) 0.000", path: path)
        }
    }

    static func findings(
        _ lines: [LogLine],
        status: String = "4xx,5xx",
        configuration: StatusCauseContext.Configuration = .init()
    ) throws -> [Finding] {
        let (logs, scan) = InMemoryScan.aggregate(lines.map(\.text).joined(separator: "\n") + "\n")
        #expect(scan.linesSkipped == 0)
        let context = StatusCauseContext(
            statuses: logs.statuses,
            selection: try StatusSelection(parsing: status),
            configuration: configuration
        )
        return Finding.ranked(StatusCauseRules.findings(context))
    }

    static func timeout(_ target: String, at s: Double, elapsed: Double, path: String = "/export") -> LogLine {
        LogLine(
            seconds: s,
            target: target,
            times: "-1 -1 -1",
            elbStatus: "504",
            targetStatus: "-",
            path: path,
            elapsed: elapsed
        )
    }

    @Test func responseTimeoutComparesTheSuccessfulRequestsWithTheIdleTimeout() throws {
        var lines = Self.healthy(200)
        lines += (0..<20).map { LogLine(seconds: Double($0), times: "0.000 \(40 + $0 % 18).5 0.000", path: "/export") }
        lines += (0..<12).map { Self.timeout("10.0.1.11:8080", at: Double(300 + $0), elapsed: 60.002) }
        let f = try #require(try Self.findings(lines).first)
        #expect(f.id == .targetResponseTimeout)
        #expect(f.status == 504)
        #expect(f.count == 12)
        #expect(
            f.evidence.contains {
                $0.details["idle_timeout_seconds"] == "60" && $0.details["idle_timeout_source"] == "access-log"
            }
        )
        let comparison = try #require(f.evidence.first { $0.details["successful_requests"] != nil })
        #expect(comparison.details["path"] == "/export")
        #expect(comparison.details["successful_requests"] == "20")
        #expect(comparison.details["successful_max_seconds"] == "57.5")
        #expect(comparison.summary.contains("slow by nature"))
        #expect(f.confidence == 0.9)
    }

    @Test func responseTimeoutOnAFastPathSaysTheTargetStalled() throws {
        var lines = Self.healthy(50, path: "/export")
        lines += (0..<5).map { Self.timeout("10.0.1.11:8080", at: Double(100 + $0), elapsed: 30.01) }
        let f = try #require(try Self.findings(lines, configuration: .init(idleTimeoutSeconds: 30)).first)
        #expect(f.id == .targetResponseTimeout)
        #expect(f.evidence.contains { $0.details["idle_timeout_source"] == "configuration" })
        #expect(f.evidence.contains { $0.summary.contains("stalled") })
        #expect(f.confidence == 0.75)
    }

    @Test func connectTimeoutAndTLSHandshakeTimeoutSplitByTheTargetsProtocol() throws {
        var lines = Self.healthy(100)
        lines += (0..<8).map { Self.timeout("10.0.5.12:8080", at: Double($0), elapsed: 10.01) }
        lines += (0..<3).map { Self.timeout("10.0.6.20:9443", at: Double(20 + $0), elapsed: 10.02) }
        let found = try Self.findings(lines, status: "504")
        let connect = try #require(found.first { $0.id == .targetConnectTimeout })
        #expect(connect.count == 8)
        #expect(connect.alternatives == [.targetTLSHandshakeTimeout])
        #expect(connect.evidence.contains { $0.details["top_target"] == "10.0.5.12:8080" })
        let tls = try #require(found.first { $0.id == .targetTLSHandshakeTimeout })
        #expect(tls.count == 3)
        #expect(tls.alternatives == [.targetConnectTimeout])
        #expect(found.first?.id == .targetConnectTimeout)
    }

    @Test func shortBodyLambdaTimeoutAndNoRegisteredTargets() throws {
        var lines = Self.healthy(100)
        lines += (0..<4).map {
            LogLine(
                seconds: Double($0),
                times: "0.000 0.300 -1",
                elbStatus: "504",
                targetStatus: "200",
                path: "/dl",
                elapsed: 60.3
            )
        }
        lines += (0..<3).map {
            LogLine(
                seconds: Double($0),
                target: nil,
                times: "0.000 10.002 0.000",
                elbStatus: "504",
                targetStatus: "-",
                errorReason: "LambdaConnectionTimeout"
            )
        }
        lines += (0..<6).map {
            LogLine(
                seconds: Double($0),
                target: nil,
                times: "-1 -1 -1",
                elbStatus: "503",
                targetStatus: "-",
                path: "/beta",
                group: "web-beta"
            )
        }
        let found = try Self.findings(lines, configuration: .init(emptyTargetGroups: ["web-beta"]))
        #expect(found.first { $0.id == .targetBodyShorterThanContentLength }?.count == 4)
        #expect(found.first { $0.id == .lambdaConnectTimeout }?.count == 3)
        let empty = try #require(found.first { $0.id == .noRegisteredTargets })
        #expect(empty.count == 6)
        #expect(empty.confidence == 0.95)
        #expect(
            empty.evidence.contains { $0.source == .configuration && $0.details["empty_target_groups"] == "web-beta" }
        )
        #expect(!found.contains { $0.id == .targetResponseTimeout })
    }

    @Test func the500sSeparateWAFAuthenticationAndRuleEvaluation() throws {
        var lines = Self.healthy(100)
        lines += (0..<5).map {
            LogLine(
                seconds: Double($0),
                target: nil,
                times: "-1 -1 -1",
                elbStatus: "500",
                targetStatus: "-",
                actions: "waf-failed",
                errorReason: "WAFConnectionTimeout"
            )
        }
        lines += (0..<7).map {
            LogLine(
                seconds: Double($0),
                target: nil,
                times: "-1 -1 -1",
                elbStatus: "500",
                targetStatus: "-",
                actions: "authenticate",
                errorReason: $0 < 5 ? "AuthTokenEpRequestTimeout" : "AuthUserinfoResponseSizeExceeded"
            )
        }
        lines += (0..<2).map {
            LogLine(
                seconds: Double($0),
                target: nil,
                times: "-1 -1 -1",
                elbStatus: "500",
                targetStatus: "-",
                actions: "-",
                priority: "-1"
            )
        }
        lines += (0..<9).map { LogLine(seconds: Double($0), elbStatus: "500", targetStatus: "500", path: "/pay") }
        let found = try Self.findings(lines, status: "500")
        #expect(found.first { $0.id == .wafError }?.count == 5)
        let auth = try #require(found.first { $0.id == .authenticationError })
        #expect(auth.count == 7)
        #expect(
            auth.evidence.map { $0.details["code"] } == [
                "AuthTokenEpRequestTimeout", "AuthUserinfoResponseSizeExceeded",
            ]
        )
        #expect(auth.fix.contains { $0.contains("11 KB") })
        #expect(found.first { $0.id == .ruleEvaluationError }?.count == 2)
        let app = try #require(found.first { $0.id == .targetApplicationError })
        #expect(app.count == 9 && app.status == 500)
        #expect(found.allSatisfy { $0.status == 500 })
    }

    @Test func clientClosedEarlyShowsTheDistributionAndTheClientTimeout() throws {
        var lines = Self.healthy(100)
        lines += (0..<10).map { LogLine(seconds: Double($0), times: "0.000 25.0 0.000", path: "/slow") }
        lines += (0..<8).map {
            LogLine(
                seconds: Double($0),
                times: "-1 -1 -1",
                elbStatus: "460",
                targetStatus: "-",
                path: "/slow",
                elapsed: 30.01
            )
        }
        lines += [
            LogLine(seconds: 9, times: "-1 -1 -1", elbStatus: "460", targetStatus: "-", path: "/slow", elapsed: 2.5)
        ]
        let f = try #require(try Self.findings(lines).first)
        #expect(f.id == .clientClosedEarly && f.count == 9 && f.status == 460)
        let dist = try #require(f.evidence.first { $0.details["client_timeout_seconds"] != nil })
        #expect(dist.details["client_timeout_seconds"] == "30")
        #expect(dist.details["bucket_<60s"] == "8")
        #expect(dist.details["bucket_<10s"] == "1")
        #expect(f.evidence.contains { $0.details["successful_max_seconds"] == "25" })
    }

    @Test func xffProtocolAndIdPCodes() throws {
        var lines = Self.healthy(50)
        lines += (0..<3).map {
            LogLine(seconds: Double($0), target: nil, times: "-1 -1 -1", elbStatus: "463", targetStatus: "-")
        }
        lines += (0..<4).map {
            LogLine(
                seconds: Double($0),
                target: nil,
                times: "-1 -1 -1",
                elbStatus: "464",
                targetStatus: "-",
                group: "grpc-tg"
            )
        }
        lines += (0..<2).map {
            LogLine(
                seconds: Double($0),
                target: nil,
                times: "-1 -1 -1",
                elbStatus: "561",
                targetStatus: "-",
                actions: "authenticate",
                errorReason: "AuthTokenEpRequestFailed"
            )
        }
        let found = try Self.findings(lines, status: "all-elb")
        #expect(found.first { $0.id == .xffTooManyAddresses }?.count == 3)
        let proto = try #require(found.first { $0.id == .incompatibleProtocolVersion })
        #expect(proto.count == 4)
        #expect(
            proto.evidence.contains {
                $0.details["protocols"] == "https HTTP/1.1=4" && $0.details["top_target_group"] == "grpc-tg"
            }
        )
        #expect(
            found.first { $0.id == .idpUnauthorized }?.evidence.first?.details["code"] == "AuthTokenEpRequestFailed"
        )
    }

    @Test func onlySelectedCodesProduceCauses() throws {
        var lines = Self.healthy(20)
        lines += [Self.timeout("10.0.1.11:8080", at: 1, elapsed: 60)]
        lines += [LogLine(seconds: 2, times: "-1 -1 -1", elbStatus: "460", targetStatus: "-", elapsed: 3)]
        #expect(try Self.findings(lines, status: "504").map(\.id) == [.targetResponseTimeout])
        #expect(try Self.findings(lines, status: "460").map(\.id) == [.clientClosedEarly])
        #expect(try Self.findings(lines, status: "502").isEmpty)
    }

    static func gaveUp(_ target: String, at s: Double, after elapsed: Double) -> LogLine {
        LogLine(
            seconds: s,
            target: target,
            times: "-1 -1 -1",
            elbStatus: "460",
            targetStatus: "-",
            path: "/search",
            elapsed: elapsed
        )
    }

    @Test func clientsThatGaveUpOnATargetThatDidNotAnswerAreNotBlamedOnTheirTimeout() throws {
        // 10.0.1.11 stops accepting connections from 300 s: 504 after 10 s, and 8 clients give up after 5 s.
        var lines = Self.healthy(600)
        lines += (0..<12).map { Self.timeout("10.0.1.11:8080", at: Double(300 + 5 * $0), elapsed: 10.001) }
        lines += (0..<8).map { Self.gaveUp("10.0.1.11:8080", at: Double(302 + 6 * $0), after: 5) }
        // Elsewhere, clients with a 30 s timeout give up on a slow path.
        lines += (0..<10).map { Self.gaveUp("10.0.1.10:8080", at: Double(100 + 20 * $0), after: 30) }
        let findings = try Self.findings(lines)
        let clients = try #require(findings.first { $0.id == .clientClosedEarly })
        #expect(clients.count == 10)
        #expect(clients.alternatives == [.targetConnectTimeout])
        let split = try #require(clients.evidence.first { $0.details["on_unresponsive_targets"] != nil })
        #expect(split.details["on_unresponsive_targets"] == "8")
        #expect(split.details["targets"] == "10.0.1.11:8080")
        let connect = try #require(findings.first { $0.id == .targetConnectTimeout })
        #expect(connect.count == 12)
        #expect(connect.evidence.contains { $0.details["also_460"] == "8" })
        #expect(findings.filter { $0.status == 460 }.reduce(0) { $0 + $1.count } == 10)
    }

    @Test func whenEveryClientGaveUpOnAnUnresponsiveTargetTheAdviceIsAboutTheTarget() throws {
        var lines = Self.healthy(600)
        lines += (0..<12).map { Self.timeout("10.0.1.11:8080", at: Double(300 + 5 * $0), elapsed: 10.001) }
        lines += (0..<8).map { Self.gaveUp("10.0.1.11:8080", at: Double(302 + 6 * $0), after: 5) }
        let clients = try #require(try Self.findings(lines).first { $0.id == .clientClosedEarly })
        #expect(clients.title.contains("did not accept connections"))
        #expect(clients.fix.allSatisfy { !$0.contains("client's timeout") || $0.contains("not the problem") })
        #expect(!clients.fix.contains { $0.contains("Make the target answer before the client's timeout") })
    }
}
