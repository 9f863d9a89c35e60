import ALBAccessLog

/// `lambda-throttled`: `error_reason` LambdaThrottling.
public struct LambdaThrottledCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .lambdaThrottled }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Lambda function throttled" }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
}

extension LambdaThrottledCause {
    /// `lambda-throttled`: `error_reason` LambdaThrottling.
    struct AccessLogReading {
        public init() {}
        public var cause: CauseID { .lambdaThrottled }

        public func evaluate(_ context: DiagnosisContext) -> Finding? {
            let signature = Signature(.lambdaError, code: "LambdaThrottling")
            guard let stats = context.logs.stats(of: signature), stats.count > 0 else { return nil }
            var minutes = 0
            var peak = 0
            var peakMinute: Int64 = 0
            if let first = stats.span.first, let last = stats.span.last {
                minutes = Int((last - first) / 60_000_000) + 1
            }
            for (minute, m) in context.logs.timeline.sorted(by: { $0.key < $1.key })
            where m.signatures[.lambdaError] > peak {
                peak = m.signatures[.lambdaError]
                peakMinute = minute
            }
            let evidence = [
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(Phrase.count502(stats.count)) with error_reason LambdaThrottling, all between \(Phrase.time(stats.span.first)) and \(Phrase.time(stats.span.last)) (\(minutes) minute(s)); Lambda errors peaked at \(peak) in the minute of \(Phrase.time(peakMinute * 60_000_000)).",
                    details: ["code": "LambdaThrottling", "count": String(stats.count), "minutes": String(minutes)],
                    examples: Array(stats.exampleLines.prefix(2))
                )
            ]
            return Finding(
                id: cause,
                confidence: 0.95,
                count: stats.count,
                evidence: evidence,
                confirm: [
                    "The function's Throttles metric has data points then; ConcurrentExecutions (Maximum) reached the function's reserved concurrency or the account's concurrent-executions quota (Service Quotas, code L-B99A9384)."
                ],
                fix: [
                    "Request a higher concurrent-executions quota (Service Quotas, lambda L-B99A9384), or raise / remove the function's reserved concurrency.",
                    "Smooth bursts: provisioned concurrency for predictable peaks, shorter durations so each invocation frees its slot sooner.",
                ]
            )
        }
    }
}
