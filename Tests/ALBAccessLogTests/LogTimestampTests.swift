import ALBAccessLog
import Foundation
import Testing

@Suite struct LogTimestampTests {
    @Test(arguments: [
        ("2018-07-02T22:23:00.186641Z", Int64(1_530_570_180_186_641)),
        ("1970-01-01T00:00:00.000000Z", 0),
        ("2024-02-29T23:59:59.999999Z", 1_709_251_199_999_999),
        ("2024-02-29T23:59:59Z", 1_709_251_199_000_000),
        ("2024-02-29T23:59:59.5Z", 1_709_251_199_500_000),
        ("2024-02-29T23:59:59.123456789Z", 1_709_251_199_123_456),
    ])
    func parsesTheLogForm(text: String, micros: Int64) throws {
        let t = try #require(LogTimestamp(text))
        #expect(t.microsecondsSinceEpoch == micros)
    }

    @Test func formatsWithSixFractionDigits() {
        #expect(
            LogTimestamp(microsecondsSinceEpoch: 1_530_570_180_186_641).description == "2018-07-02T22:23:00.186641Z"
        )
        #expect(LogTimestamp(microsecondsSinceEpoch: 0).description == "1970-01-01T00:00:00.000000Z")
        #expect(LogTimestamp(microsecondsSinceEpoch: -1).description == "1969-12-31T23:59:59.999999Z")
    }

    @Test(arguments: [
        "2018-07-02T22:23:00.186641", "2018-07-02 22:23:00Z", "2018-02-30T00:00:00Z", "2018-07-02T24:00:00Z",
        "2018-07-02T22:23:00.Z", "18-07-02T22:23:00Z", "", "2018-07-02T22:23:00.1234567890Z",
    ])
    func rejectsMalformedTimes(text: String) {
        #expect(LogTimestamp(text) == nil)
    }

    @Test func ordersAndEncodesAsText() throws {
        let a = try #require(LogTimestamp("2018-07-02T22:23:00.000001Z"))
        let b = try #require(LogTimestamp("2018-07-02T22:23:00.000002Z"))
        #expect(a < b)
        let json = try JSONEncoder().encode([a])
        #expect(String(decoding: json, as: UTF8.self) == #"["2018-07-02T22:23:00.000001Z"]"#)
        #expect(try JSONDecoder().decode([LogTimestamp].self, from: json) == [a])
    }
}

@Suite struct TimeWindowTests {
    let now = LogTimestamp(secondsSinceEpoch: 1_709_640_000)  // 2024-03-05T12:00:00Z

    @Test(arguments: [
        ("2h", "2024-03-05T10:00:00.000000Z"),
        ("30m", "2024-03-05T11:30:00.000000Z"),
        ("7d", "2024-02-27T12:00:00.000000Z"),
        ("90s", "2024-03-05T11:58:30.000000Z"),
        ("1w", "2024-02-27T12:00:00.000000Z"),
        ("2024-03-01T08:00:00Z", "2024-03-01T08:00:00.000000Z"),
        ("2024-03-01T08:00Z", "2024-03-01T08:00:00.000000Z"),
        ("2024-03-01T08:00:00.25Z", "2024-03-01T08:00:00.250000Z"),
        ("2024-03-01T10:00:00+02:00", "2024-03-01T08:00:00.000000Z"),
        ("2024-03-01T03:00:00-0500", "2024-03-01T08:00:00.000000Z"),
        ("2024-03-01", "2024-03-01T00:00:00.000000Z"),
    ])
    func parsesAbsoluteAndRelativeTimes(text: String, expected: String) throws {
        #expect(try TimeWindow.parseInstant(text, now: now).description == expected)
    }

    @Test(arguments: ["yesterday", "2h30", "-2h", "2024-03-01T25:00Z", "5y"])
    func rejectsUnknownForms(text: String) {
        #expect(throws: TimeWindowError.self) { try TimeWindow.parseInstant(text, now: now) }
    }

    @Test func untilMustFollowSince() {
        #expect(throws: TimeWindowError.self) { try TimeWindow(since: "1h", until: "2h", now: now) }
    }

    @Test func containsIsHalfOpen() throws {
        let w = try TimeWindow(since: "2024-03-05T10:00:00Z", until: "2024-03-05T11:00:00Z", now: now)
        #expect(w.contains(LogTimestamp("2024-03-05T10:00:00Z")!))
        #expect(!w.contains(LogTimestamp("2024-03-05T11:00:00Z")!))
        #expect(!w.contains(LogTimestamp("2024-03-05T09:59:59.999999Z")!))
    }

    @Test func filesArePrunedByTheirNameEndTime() throws {
        let w = try TimeWindow(since: "2024-03-05T10:01:00Z", until: "2024-03-05T10:04:00Z", now: now)
        #expect(!w.mayContainFile(endingAt: LogTimestamp("2024-03-05T09:55:00Z")!))
        #expect(w.mayContainFile(endingAt: LogTimestamp("2024-03-05T10:00:00Z")!))
        #expect(w.mayContainFile(endingAt: LogTimestamp("2024-03-05T10:05:00Z")!))
        #expect(w.mayContainFile(endingAt: LogTimestamp("2024-03-05T10:09:00Z")!))
        #expect(!w.mayContainFile(endingAt: LogTimestamp("2024-03-05T10:10:00Z")!))
    }

    @Test func objectNamesAreClassified() {
        let name =
            "123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20140215T2340Z_172.160.001.192_20sg8hgm.log.gz"
        #expect(ALBLogObjectName.classify(name) == .accessLog(end: LogTimestamp("2014-02-15T23:40:00Z")))
        #expect(ALBLogObjectName.classify("ELBAccessLogTestFile") != .accessLog(end: nil))
        if case .accessLog = ALBLogObjectName.classify("conn_log_" + name) { Issue.record("connection log accepted") }
        if case .accessLog = ALBLogObjectName.classify("health_check_log_" + name) {
            Issue.record("health check log accepted")
        }
        if case .accessLog = ALBLogObjectName.classify(name.replacingOccurrences(of: "_app.", with: "_net.")) {
            Issue.record("NLB log accepted")
        }
        #expect(ALBLogObjectName.classify("access.log") == .accessLog(end: nil))
    }
}
