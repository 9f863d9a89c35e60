import ALBAccessLog
import ALBDiagnosis
import Testing

/// Folding a later read of the same metrics into the earlier one (`watch`'s refreshes).
@Suite struct MetricSeriesMergeTests {
    static func series(_ name: String, _ points: [(Int64, Double)], complete: Bool = true) -> MetricSeries {
        MetricSeries(
            namespace: "AWS/ApplicationELB",
            name: name,
            dimensions: ["LoadBalancer": "app/web/1"],
            statistic: "Sum",
            points: points.map {
                MetricSeries.Point(time: LogTimestamp(microsecondsSinceEpoch: $0.0 * 60_000_000), value: $0.1)
            },
            complete: complete
        )
    }

    static func values(_ series: MetricSeries) -> [Double] { series.points.map(\.value) }

    @Test func laterPointsReplaceTheMinuteReadAgainAndAddTheNewOnes() throws {
        let earlier = [Self.series("HTTPCode_ELB_502_Count", [(1, 4), (2, 1)])]
        let later = [
            Self.series("HTTPCode_ELB_502_Count", [(2, 3), (3, 5)], complete: false),
            Self.series("RequestCount", [(3, 100)]),
        ]
        let merged = try #require(MetricSeries.merged(earlier, later))
        #expect(merged.map(\.name) == ["HTTPCode_ELB_502_Count", "RequestCount"])
        #expect(Self.values(merged[0]) == [4, 3, 5], "minute 2 replaced by the later read, minute 3 added")
        #expect(merged[0].complete == false, "the later read's completeness")
        #expect(MetricSeries.changedPoints(from: earlier, to: later) == 3, "minute 2 changed, two new minutes")
        #expect(MetricSeries.changedPoints(from: merged, to: later) == 0, "nothing new the second time")
    }

    @Test func aMissingReadKeepsWhatWasRead() {
        let earlier = [Self.series("RequestCount", [(1, 10)])]
        #expect(MetricSeries.merged(earlier, nil).map { $0.map(\.name) } == ["RequestCount"])
        #expect(MetricSeries.merged(nil, earlier).map { $0.map(\.name) } == ["RequestCount"])
        #expect(MetricSeries.merged(nil, nil) == nil)
    }
}
