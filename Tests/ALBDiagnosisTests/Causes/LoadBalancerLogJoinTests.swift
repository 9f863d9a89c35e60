import ALBDiagnosis
import Testing

/// The join of the health-check and connection logs with the access log: each cause's reading through the one
/// merge policy, and the findings only those logs can show.
@Suite struct LoadBalancerLogJoinTests {
    /// Checks of every target every 30 s over the 10 minutes, passing unless `fail` says otherwise.
    static func checks(
        _ targets: [String],
        group: String = "tg-http",
        type: String = "http",
        fail: (String, Double) -> (reason: String, code: String?)? = { _, _ in nil }
    ) -> String {
        var lines: [String] = []
        for step in 0..<20 {
            let at = Double(step) * 30
            for target in targets {
                if let f = fail(target, at) {
                    lines.append(
                        healthCheckLine(
                            target,
                            at: at,
                            pass: false,
                            reason: f.reason,
                            code: f.code,
                            group: group,
                            type: type
                        )
                    )
                } else {
                    lines.append(healthCheckLine(target, at: at, pass: true, group: group, type: type))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// 30 not-dispatched 502s on 10.0.1.12:8080 between 120 s and 236 s (minutes 10:02 and 10:03).
    static var refusedLines: [LogLine] {
        healthy(3200, targets: webTargets)
            + (0..<30).map { LogLine.notDispatched("10.0.1.12:8080", at: 120 + Double($0) * 4) }
    }

    @Test func connectionResetChecksInTheSameMinutesRaiseRefused() throws {
        let before = try #require(diagnose(Self.refusedLines).finding(.targetRefusedConnection))
        let hc = Self.checks(webTargets) { target, at in
            target == "10.0.1.12:8080" && at >= 120 && at < 240 ? ("ConnectionReset", nil) : nil
        }
        let d = diagnose(Self.refusedLines, healthChecks: hc)
        let after = try #require(d.finding(.targetRefusedConnection))
        #expect(after.count == 30)
        #expect(after.confidence > before.confidence)
        #expect(abs(after.confidence - min(0.95, before.confidence + 0.2)) < 1e-9)
        let joined = try #require(after.evidence.first { $0.source == .healthCheckLog })
        #expect(joined.details["target"] == "10.0.1.12:8080")
        #expect(joined.details["reasons"] == "ConnectionReset")
        #expect(joined.details["failed_checks"] == "4")
        #expect(joined.details["minutes"] == "2")
        #expect(joined.details["first_minute"] == "2026-01-01T10:02Z")
        #expect(joined.details["last_minute"] == "2026-01-01T10:03Z")
        #expect(joined.summary.contains("FAILed 4 times (4 × ConnectionReset)"))
        #expect(joined.examples.first?.contains("FAIL - ConnectionReset") == true)
    }

    @Test func checksPassingInTheMinutesOfTheErrorsWeakenRefused() throws {
        let before = try #require(diagnose(Self.refusedLines).finding(.targetRefusedConnection))
        let d = diagnose(Self.refusedLines, healthChecks: Self.checks(webTargets))
        let after = try #require(d.finding(.targetRefusedConnection))
        #expect(abs(after.confidence - max(0.1, before.confidence - 0.15)) < 1e-9)
        let evidence = try #require(after.evidence.first { $0.source == .healthCheckLog })
        #expect(evidence.details["targets"] == "10.0.1.12:8080")
        #expect(evidence.details["passed_checks"] == "4")
    }

    @Test func withoutTheNewLogsNothingChanges() {
        let plain = diagnose(Self.refusedLines)
        #expect(plain.context.loadBalancerLogs == nil)
        #expect(!plain.findings.contains { $0.evidence.contains { $0.source == .healthCheckLog } })
        for id in [
            CauseID.healthCheckMisconfigured, .targetFlapping, .clientCertificateRejected, .repeated502sOnConnection,
        ] {
            #expect(plain.finding(id) == nil)
        }
    }

    @Test func timedOutHTTPSChecksRaiseTheTLSHandshakeCause() throws {
        let targets = ["10.0.4.10:443", "10.0.4.11:443"]
        var lines = healthy(600, targets: targets, group: "tg-https")
        lines += (0..<200).map { LogLine.notDispatched(targets[$0 % 2], at: 300 + Double($0) * 0.4, group: "tg-https") }
        let before = try #require(diagnose(lines).finding(.targetTLSHandshakeFailed))
        let hc = Self.checks(targets, group: "tg-https", type: "https") { _, at in
            at >= 300 && at < 390 ? ("TimedOut", nil) : nil
        }
        let after = try #require(diagnose(lines, healthChecks: hc).finding(.targetTLSHandshakeFailed))
        #expect(after.confidence > before.confidence)
        let joined = after.evidence.filter { $0.source == .healthCheckLog }
        #expect(joined.count == 2)
        #expect(joined.first?.details["check_type"] == "https")
        #expect(joined.first?.details["reasons"] == "TimedOut")
        // The same timeouts on plain-HTTP checks do not speak for TLS.
        let http = Self.checks(targets, group: "tg-https") { _, at in at >= 300 && at < 390 ? ("TimedOut", nil) : nil }
        let plain = try #require(diagnose(lines, healthChecks: http).finding(.targetTLSHandshakeFailed))
        #expect(plain.confidence == before.confidence)
    }

    @Test func targetErrorChecksRaiseTheApplicationCause() throws {
        var lines = healthy(1000, targets: webTargets)
        lines += (0..<20).map {
            LogLine(seconds: 200 + Double($0), target: "10.0.1.10:8080", elbStatus: "502", targetStatus: "502")
        }
        let before = try #require(diagnose(lines).finding(.targetApplication502))
        let hc = Self.checks(webTargets) { target, at in
            target == "10.0.1.10:8080" && at >= 180 && at < 240 ? ("TargetError", "502") : nil
        }
        let after = try #require(diagnose(lines, healthChecks: hc).finding(.targetApplication502))
        #expect(after.confidence == min(0.95, before.confidence + 0.2))
        #expect(after.evidence.contains { $0.source == .healthCheckLog && $0.details["reasons"] == "TargetError" })
    }

    /// A target answering 502 on one path while its checks pass: the target's own status proves the cause, so the
    /// passing checks leave it as it was (they lower a refused connection, above).
    @Test func passingChecksDoNotLowerTheApplicationCause() throws {
        var lines = healthy(1000, targets: webTargets)
        lines += (0..<20).map {
            LogLine(seconds: 200 + Double($0), target: "10.0.1.10:8080", elbStatus: "502", targetStatus: "502")
        }
        let before = try #require(diagnose(lines).finding(.targetApplication502))
        let after = try #require(diagnose(lines, healthChecks: Self.checks(webTargets)).finding(.targetApplication502))
        #expect(after.confidence == before.confidence)
        #expect(!after.evidence.contains { $0.source == .healthCheckLog })
    }

    @Test func aMismatchingCheckWhileTrafficSucceedsIsAMisconfiguredHealthCheck() throws {
        let hc = Self.checks(webTargets) { target, _ in
            target == "10.0.1.10:8080" ? ("ResponseCodeMismatch", "404") : nil
        }
        let d = diagnose(healthy(1600, targets: webTargets), healthChecks: hc)
        let f = try #require(d.finding(.healthCheckMisconfigured))
        #expect(f.count == 0)
        #expect(f.confidence == 0.75)
        let e = try #require(f.evidence.first)
        #expect(e.source == .healthCheckLog)
        #expect(e.details["target"] == "10.0.1.10:8080")
        #expect(e.details["check_status_codes"] == "404")
        #expect(e.details["mismatched_checks"] == "20")
        #expect(e.details["ordinary_requests"] == "200")
        #expect(f.fix.first?.contains("HealthCheckPath") == true)
        #expect(d.finding(.targetFlapping) == nil)
    }

    @Test func aTargetGoingBackAndForthIsFlapping() throws {
        // 10.0.1.11 fails in every other minute (two checks a minute).
        let hc = Self.checks(webTargets) { target, at in
            target == "10.0.1.11:8080" && Int(at / 60) % 2 == 1 ? ("TimedOut", nil) : nil
        }
        let d = diagnose(healthy(1600, targets: webTargets), healthChecks: hc)
        let f = try #require(d.finding(.targetFlapping))
        #expect(f.count == 0)
        #expect(f.title == "Target 10.0.1.11:8080 flapping between healthy and unhealthy")
        #expect(f.evidence.first?.details["transitions"] == "9")
        #expect(f.evidence.first?.details["failing_minutes"] == "5")
        #expect(d.finding(.healthCheckMisconfigured) == nil)
    }

    static func connectionLine(
        at seconds: Double,
        client: String = "203.0.113.1",
        status: String = "Success",
        subject: String = "CN=client-a,O=Example",
        serial: String = "0A1B2C",
        trace: String = "TID_3180a73013c8ca4bac2f731159d4b0fe"
    ) -> String {
        let t = UTCTime.iso8601(micros: LogLine.base + Int64(seconds * 1_000_000))
        return
            "\(t) \(client) 40000 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 \(status == "Success" ? "0.004" : "-") \"\(subject)\" NotBefore=2025-01-01T00:00:00Z;NotAfter=2025-12-31T23:59:59Z \(serial) \(status) \(trace)"
    }

    @Test func mutualTLSFailuresNameTheClientCertificates() throws {
        var conn = (0..<10).map { Self.connectionLine(at: Double($0)) }
        conn += (0..<6).map {
            Self.connectionLine(
                at: 100 + Double($0),
                client: "198.51.100.\($0 % 2 + 1)",
                status: "Failed:ClientCertExpired",
                subject: "CN=old-client,O=Example",
                serial: "DEAD01"
            )
        }
        conn.append(Self.connectionLine(at: 200, status: "Failed:ClientCertUntrusted", subject: "CN=stranger"))
        conn.append(Self.connectionLine(at: 210, status: "Failed:UnmappedConnectionError", subject: "-"))
        let d = diagnose(healthy(400, targets: webTargets), connections: conn.joined(separator: "\n") + "\n")
        let f = try #require(d.finding(.clientCertificateRejected))
        #expect(f.count == 0)
        #expect(f.title == "Client certificates rejected by mutual TLS: ClientCertExpired, ClientCertUntrusted")
        let total = try #require(f.evidence.first)
        #expect(total.source == .connectionLog)
        #expect(total.details["failed_connections"] == "7")
        #expect(total.details["connections"] == "18")
        #expect(total.details["code:ClientCertExpired"] == "6")
        let cert = try #require(f.evidence.dropFirst().first)
        #expect(cert.details["subject"] == "CN=old-client,O=Example")
        #expect(cert.details["serial"] == "DEAD01")
        #expect(cert.details["clients"] == "198.51.100.1,198.51.100.2")
        #expect(cert.details["validity"] == "NotBefore=2025-01-01T00:00:00Z;NotAfter=2025-12-31T23:59:59Z")
        #expect(f.fix.first?.contains("Renew") == true)
    }

    @Test func manyFailuresOnOneKeepAliveConnectionAreJoinedOnTheTraceID() throws {
        let trace = "TID_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        var lines = healthy(400, targets: webTargets).map { line -> LogLine in
            var l = line
            l.trace = "TID_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
            return l
        }
        lines += (0..<8).map {
            var l = LogLine.noValidResponse("10.0.1.10:8080", at: 300 + Double($0))
            l.trace = trace
            return l
        }
        let conn = Self.connectionLine(at: 299, client: "198.51.100.7", trace: trace) + "\n"
        // Without connection logs the access log's ids are not read as a finding.
        #expect(diagnose(lines).finding(.repeated502sOnConnection) == nil)
        let f = try #require(diagnose(lines, connections: conn).finding(.repeated502sOnConnection))
        #expect(f.count == 0)
        let e = try #require(f.evidence.first { $0.details["conn_trace_id"] == trace })
        #expect(e.source == .connectionLog)
        #expect(e.details["elb_502"] == "8")
        #expect(e.details["targets"] == "10.0.1.10:8080")
        #expect(e.details["listener_port"] == "443")
        #expect(e.examples.count == 2)
    }

    @Test func aggregatesMergeInInputOrder() {
        let a = InMemoryScan.healthChecks(
            healthCheckLine("10.0.1.10:8080", at: 0, pass: false, reason: "TimedOut") + "\n"
        )
        var merged = a
        merged.merge(InMemoryScan.healthChecks(healthCheckLine("10.0.1.10:8080", at: 60, pass: true) + "\n"))
        #expect(merged.checks == 2)
        #expect(merged.failed == 1)
        #expect(merged.rows(target: "10.0.1.10:8080").first?.transitions == 1)
        #expect(merged.rows(target: "10.0.1.10:8080").first?.failReasons == ["TimedOut": 1])
    }
}
