import ALBAccessLog
import ALBDiagnosis
import Testing

/// The combining step on plain inputs (no logs): metrics and configuration alone still name causes, say that
/// a metric without data points reads as 0, and never invent a cause from nothing.
@Suite struct CombinedDiagnosisTests {
    static let start = LogTimestamp(secondsSinceEpoch: 1_795_600_000)
    static let end = LogTimestamp(secondsSinceEpoch: 1_795_603_600)
    static let lb = "app/web/50dc6c495c0c9188"
    static let group = "targetgroup/app-https/73e2d6bc24d8a067"

    static func series(
        _ name: String,
        _ values: [Double],
        group: String? = nil,
        namespace: String = "AWS/ApplicationELB",
        function: String? = nil
    ) -> MetricSeries {
        var dimensions = ["LoadBalancer": lb]
        if let group { dimensions["TargetGroup"] = group }
        if let function { dimensions = ["FunctionName": function] }
        return MetricSeries(
            namespace: namespace,
            name: name,
            dimensions: dimensions,
            statistic: "Sum",
            points: values.enumerated().map {
                MetricSeries.Point(
                    time: LogTimestamp(secondsSinceEpoch: 1_795_600_000 + Int64($0.offset) * 60),
                    value: $0.element
                )
            }
        )
    }

    @Test func tlsErrorsWithAnHTTPSTargetGroupNameTheTLSHandshake() {
        let inputs = EvidenceInputs(
            start: Self.start,
            end: Self.end,
            loadBalancer: LoadBalancerSnapshot(
                name: "web",
                arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/\(Self.lb)",
                idleTimeoutSeconds: 60,
                listeners: [.init(port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06")]
            ),
            targetGroups: [
                TargetGroupSnapshot(
                    name: "app-https",
                    arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:\(Self.group)",
                    protocol: "HTTPS",
                    port: 8443,
                    targetType: "ip"
                )
            ],
            metrics: [
                Self.series("HTTPCode_ELB_502_Count", [4, 6]),
                Self.series("HTTPCode_Target_5XX_Count", []),
                Self.series("TargetConnectionErrorCount", []),
                Self.series("TargetTLSNegotiationErrorCount", [4, 6]),
            ]
        )
        let diagnosis = CombinedDiagnosis(logs: nil, inputs: inputs)
        let top = diagnosis.findings.first
        #expect(top?.id == .targetTLSHandshakeFailed)
        #expect(top?.count == 10)
        #expect(top?.evidence.map(\.source) == [.metric, .configuration])
        #expect(top?.evidence.last?.summary.contains("ELBSecurityPolicy-TLS13-1-0-2021-06") == true)
        #expect(diagnosis.findings.map(\.id).contains(.targetKeepaliveTimeout) == false)
        #expect(diagnosis.attribution?.withoutDataPoints == ["HTTPCode_Target_5XX_Count"])
        #expect(diagnosis.attribution?.verdict.hasPrefix("The load balancer generated the 502s (10") == true)
    }

    @Test func lambdaThrottlesNameThrottling() {
        let inputs = EvidenceInputs(
            start: Self.start,
            end: Self.end,
            targetGroups: [
                TargetGroupSnapshot(
                    name: "fn",
                    arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fn/1",
                    protocol: nil,
                    port: nil,
                    targetType: "lambda"
                )
            ],
            metrics: [
                Self.series("HTTPCode_ELB_502_Count", [12]),
                Self.series("LambdaUserError", [12], group: "targetgroup/fn/1"),
                Self.series("Throttles", [7, 5], namespace: "AWS/Lambda", function: "orders"),
                Self.series("Errors", [], namespace: "AWS/Lambda", function: "orders"),
            ]
        )
        let findings = CombinedDiagnosis(logs: nil, inputs: inputs).findings
        #expect(findings.first?.id == .lambdaThrottled)
        #expect(findings.first?.count == 12)
        #expect(findings.first?.evidence.contains { $0.details["function"] == "orders" } == true)
        #expect(!findings.map(\.id).contains(.lambdaUnhandled), "Errors had no data point")
        #expect(!findings.map(\.id).contains(.targetKeepaliveTimeout), "Lambda target groups have no keep-alive")
    }

    @Test func noMetricsNoLogsNoCause() {
        let inputs = EvidenceInputs(
            start: Self.start,
            end: Self.end,
            missing: [
                MissingEvidence(
                    source: .metric,
                    what: "metrics",
                    reason: "AccessDenied",
                    iamAction: "cloudwatch:GetMetricData",
                    impact: "x"
                )
            ]
        )
        let diagnosis = CombinedDiagnosis(logs: nil, inputs: inputs)
        #expect(diagnosis.findings.isEmpty)
        #expect(diagnosis.attribution == nil)
        #expect(diagnosis.comparisons.isEmpty)
    }

    @Test func elb502WithoutConnectionErrorsPointsToKeepAliveWithTheIdleTimeout() {
        let inputs = EvidenceInputs(
            start: Self.start,
            end: Self.end,
            loadBalancer: LoadBalancerSnapshot(
                name: "web",
                arn: "arn:x:loadbalancer/\(Self.lb)",
                idleTimeoutSeconds: 120
            ),
            targetGroups: [],
            metrics: [
                Self.series("HTTPCode_ELB_502_Count", [1, 0, 2]),
                Self.series("TargetConnectionErrorCount", []),
                Self.series("TargetTLSNegotiationErrorCount", []),
            ]
        )
        let finding = CombinedDiagnosis(logs: nil, inputs: inputs).findings.first
        #expect(finding?.id == .targetKeepaliveTimeout)
        #expect(finding?.count == 3)
        #expect(finding?.evidence.contains { $0.details["idle_timeout_seconds"] == "120" } == true)
        #expect((finding?.confidence ?? 1) < 0.5, "metrics alone cannot separate keep-alive from malformed responses")
    }

    @Test func lambdaErrorsAtTheTimeoutAreTimeouts() {
        var inputs = EvidenceInputs(
            start: Self.start,
            end: Self.end,
            metrics: [
                Self.series("Errors", [3, 2], namespace: "AWS/Lambda", function: "orders"),
                MetricSeries(
                    namespace: "AWS/Lambda",
                    name: "Duration",
                    dimensions: ["FunctionName": "orders"],
                    statistic: "Maximum",
                    points: [MetricSeries.Point(time: Self.start, value: 2998.4)]
                ),
            ]
        )
        inputs.lambdaFunctions = [LambdaFunctionSnapshot(name: "orders", timeoutSeconds: 3, memoryMB: 128)]
        let finding = CombinedDiagnosis(logs: nil, inputs: inputs).findings.first
        #expect(finding?.id == .lambdaUnhandled)
        #expect(finding?.count == 5)
        let timeout = finding?.evidence.first { $0.source == .configuration }
        #expect(timeout?.details["timed_out"] == "yes")
        #expect(timeout?.details["max_duration_ms"] == "2998.40")
        #expect(timeout?.summary.contains("ran into the timeout") == true)
    }

    @Test func connectionErrorsAloneNameRefusedWithUnhealthyHosts() {
        let inputs = EvidenceInputs(
            start: Self.start,
            end: Self.end,
            metrics: [
                Self.series("HTTPCode_ELB_502_Count", [9]),
                Self.series("TargetConnectionErrorCount", [4, 5]),
                MetricSeries(
                    namespace: "AWS/ApplicationELB",
                    name: "UnHealthyHostCount",
                    dimensions: ["LoadBalancer": Self.lb, "TargetGroup": "targetgroup/web/1"],
                    statistic: "Maximum",
                    points: [MetricSeries.Point(time: Self.start, value: 1)]
                ),
            ]
        )
        let finding = CombinedDiagnosis(logs: nil, inputs: inputs).findings.first
        #expect(finding?.id == .targetRefusedConnection)
        #expect(finding?.count == 9)
        #expect(finding?.alternatives == [.targetUnreachable])
        #expect(finding?.evidence.map { $0.details["metric"] } == ["TargetConnectionErrorCount", "UnHealthyHostCount"])
    }
}
