import ALBDiagnosis
import Foundation
import TestSupport
import Testing

@testable import ALBDoctor

/// CloudWatch keeps 1-minute data for 15 days, 5-minute for 63 and 1-hour for 455: `diagnose` asks for the
/// finest period still kept for the window, and says which.
@Suite struct DiagnoseMetricPeriodTests {
    static let now = Date(timeIntervalSince1970: 1_795_603_600)
    static let day: TimeInterval = 86400

    @Test func periodFollowsTheWindowsAge() {
        func period(daysAgo: Double) -> Int? {
            EvidenceGatherer.period(start: Self.now.addingTimeInterval(-daysAgo * Self.day), now: Self.now)
        }
        #expect(period(daysAgo: 0.04) == 60)
        #expect(period(daysAgo: 14.9) == 60)
        #expect(period(daysAgo: 15.5) == 300)
        #expect(period(daysAgo: 62.9) == 300)
        #expect(period(daysAgo: 63.5) == 3600)
        #expect(period(daysAgo: 454) == 3600)
        #expect(period(daysAgo: 456) == nil)
        let aligned = EvidenceGatherer.aligned(
            start: Date(timeIntervalSince1970: 1_795_603_650),
            end: Date(timeIntervalSince1970: 1_795_603_950),
            period: 300
        )
        #expect(aligned.start.timeIntervalSince1970 == 1_795_603_500)
        #expect(aligned.end.timeIntervalSince1970 == 1_795_604_100)
    }

    @Test func seriesSavedBeforePeriodsExistedDecodeAsOneMinute() throws {
        let old =
            #"{"namespace":"AWS/ApplicationELB","name":"RequestCount","dimensions":{},"statistic":"Sum","points":[],"complete":true}"#
        let series = try JSONDecoder().decode(MetricSeries.self, from: Data(old.utf8))
        #expect(series.periodSeconds == 60)
        var five = series
        five.periodSeconds = 300
        let again = try JSONDecoder().decode(MetricSeries.self, from: try JSONEncoder().encode(five))
        #expect(again.periodSeconds == 300)
        #expect(five.periodStart(containing: 1_795_603_650_000_000) == 1_795_603_500_000_000)
    }

    /// A window 20 days ago: metrics read with 5-minute periods, the totals kept, the report says why.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func aWindowOlderThan15DaysReadsFiveMinutePeriods() async throws {
        let trail = try await LoopbackJSONServer.start { _ in .json("{\"Events\": []}", headers: []) }
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer(logs: false)
            let start = (Int(Date().timeIntervalSince1970 - 20 * Self.day) / 3600) * 3600
            // 12 minutes with 502s: 1, 2, … 12 at minutes 0…11 of the hour.
            let points = (0..<12).map { (start + $0 * 60, Double($0 + 1)) }
            try await fixture.putMetric("HTTPCode_ELB_502_Count", points: points)
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.start = LogTimestampText.iso(seconds: start)
            options.end = LogTimestampText.iso(seconds: start + 3600)
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
            )
            let report = try await DiagnoseRun(options: options).run()
            let series = try #require(
                report.metrics?.first { $0.name == "HTTPCode_ELB_502_Count" && $0.dimensions.count == 1 }
            )
            #expect(series.periodSeconds == 300)
            #expect(series.count == (1...12).reduce(0, +))
            #expect(series.points.count == 3, "minutes 0-11 fall in three 5-minute periods: \(series.points)")
            #expect(
                report.gathered.contains { $0.contains("5-minute") && $0.contains("older than the 15 days") },
                "\(report.gathered)"
            )
        }
    }
}

/// ISO 8601 text for `--start`/`--end`.
enum LogTimestampText {
    static func iso(seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
    }
}
