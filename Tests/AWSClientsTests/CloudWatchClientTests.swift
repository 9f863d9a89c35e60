import AWSClients
import Foundation
import TestSupport
import Testing

extension MotoBackedTests {
    @Suite struct CloudWatchClientTests {
        static func putMetrics(
            _ aws: MotoAWS,
            namespace: String,
            name: String,
            dimensions: String,
            points: [(Int, Double)]
        ) async throws {
            let data = points.map {
                "{\"MetricName\": \"\(name)\", \"Dimensions\": \(dimensions), \"Timestamp\": \($0.0), \"Value\": \($0.1), \"Unit\": \"Count\"}"
            }
            try await aws.json(
                .cloudWatch,
                "PutMetricData",
                version: "1.0",
                "{\"Namespace\": \"\(namespace)\", \"MetricData\": [\(data.joined(separator: ", "))]}"
            )
        }

        @Test func getMetricDataReturnsSeriesForSeveralMetricsInOneCall() async throws {
            let aws = try await MotoAWS.fresh()
            let base = (Int(Date().timeIntervalSince1970) / 60) * 60 - 900
            let lbDimension = "[{\"Name\": \"LoadBalancer\", \"Value\": \"app/my-lb/50dc6c495c0c9188\"}]"
            try await Self.putMetrics(
                aws,
                namespace: "AWS/ApplicationELB",
                name: "HTTPCode_ELB_502_Count",
                dimensions: lbDimension,
                points: [(base + 60, 2), (base + 120, 8), (base + 240, 3)]
            )
            try await Self.putMetrics(
                aws,
                namespace: "AWS/ApplicationELB",
                name: "HTTPCode_Target_5XX_Count",
                dimensions: lbDimension,
                points: [(base + 120, 4)]
            )
            try await Self.putMetrics(
                aws,
                namespace: "AWS/Lambda",
                name: "Throttles",
                dimensions: "[{\"Name\": \"FunctionName\", \"Value\": \"fn\"}]",
                points: [(base + 60, 5), (base + 61, 7)]
            )

            let dimension = [MetricDimension(name: "LoadBalancer", value: "app/my-lb/50dc6c495c0c9188")]
            let cloudWatch = CloudWatchClient(core: aws.core)
            let results = try await cloudWatch.getMetricData(
                queries: [
                    .metric(
                        id: "elb502",
                        .init(
                            namespace: "AWS/ApplicationELB",
                            metricName: "HTTPCode_ELB_502_Count",
                            dimensions: dimension,
                            period: 60,
                            stat: "Sum"
                        )
                    ),
                    .metric(
                        id: "tgt5xx",
                        .init(
                            namespace: "AWS/ApplicationELB",
                            metricName: "HTTPCode_Target_5XX_Count",
                            dimensions: dimension,
                            period: 60,
                            stat: "Sum"
                        )
                    ),
                    .metric(
                        id: "throttles",
                        .init(
                            namespace: "AWS/Lambda",
                            metricName: "Throttles",
                            dimensions: [MetricDimension(name: "FunctionName", value: "fn")],
                            period: 300,
                            stat: "Sum"
                        )
                    ),
                ],
                start: Date(timeIntervalSince1970: Double(base)),
                end: Date(timeIntervalSince1970: Double(base + 600))
            )
            #expect(results.map(\.id) == ["elb502", "tgt5xx", "throttles"])
            let elb = try #require(results.first)
            #expect(elb.points.map(\.value) == [2, 8, 3])
            #expect(elb.points.map { Int($0.timestamp.timeIntervalSince1970) } == [base + 60, base + 120, base + 240])
            #expect(elb.statusCode == "Complete")
            #expect(results[1].points.map(\.value) == [4])
            #expect(results[2].points.map(\.value) == [12])
        }

        @Test func validationErrorIsDecodedFromJSONWithItsNamespaceStripped() async throws {
            let aws = try await MotoAWS.fresh()
            let cloudWatch = CloudWatchClient(core: aws.core)
            let now = Date()
            let error = await #expect(throws: AWSServiceError.self) {
                try await cloudWatch.getMetricData(
                    queries: [
                        .metric(
                            id: "a",
                            .init(
                                namespace: "AWS/ApplicationELB",
                                metricName: "RequestCount",
                                dimensions: [],
                                period: 60,
                                stat: "Sum"
                            )
                        )
                    ],
                    start: now,
                    end: now.addingTimeInterval(-600)
                )
            }
            #expect(error?.code == "ValidationError")
            #expect(error?.message.contains("EndTime") == true)
            #expect(error?.httpStatus == 400)
        }

        @Test func emulatorCrashPageIsAClearNonAWSError() async throws {
            // moto answers percentile statistics with a Werkzeug HTML 500 page, not an AWS error body.
            let aws = try await MotoAWS.fresh()
            let base = (Int(Date().timeIntervalSince1970) / 60) * 60 - 300
            try await Self.putMetrics(
                aws,
                namespace: "AWS/Lambda",
                name: "Duration",
                dimensions: "[]",
                points: [(base, 100), (base + 1, 2900)]
            )
            let cloudWatch = CloudWatchClient(core: aws.core)
            let now = Date()
            let error = await #expect(throws: AWSClientError.self) {
                try await cloudWatch.getMetricData(
                    queries: [
                        .metric(
                            id: "p",
                            .init(
                                namespace: "AWS/Lambda",
                                metricName: "Duration",
                                dimensions: [],
                                period: 60,
                                stat: "p99"
                            )
                        )
                    ],
                    start: now.addingTimeInterval(-600),
                    end: now
                )
            }
            #expect(error?.code == .unexpectedResponse)
            #expect(error?.message.contains("HTTP 500") == true)
            #expect(error?.message.contains("GetMetricData") == true)
        }
    }
}
