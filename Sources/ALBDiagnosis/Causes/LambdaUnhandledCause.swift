import ALBAccessLog

/// `lambda-unhandled`: `error_reason` LambdaUnhandled — an exception, or a timeout when the
/// processing times sit at one constant.
public struct LambdaUnhandledCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .lambdaUnhandled }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Lambda function failed or timed out (unhandled)" }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
}

extension LambdaUnhandledCause {
    /// `lambda-unhandled`: `error_reason` LambdaUnhandled — an exception, or a timeout when the
    /// processing times sit at one constant.
    struct AccessLogReading {
        public init() {}
        public var cause: CauseID { .lambdaUnhandled }

        public func evaluate(_ context: DiagnosisContext) -> Finding? {
            let signature = Signature(.lambdaError, code: "LambdaUnhandled")
            guard let stats = context.logs.stats(of: signature), stats.count > 0 else { return nil }
            var evidence = [
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(Phrase.count502(stats.count)) with error_reason LambdaUnhandled between \(Phrase.time(stats.span.first)) and \(Phrase.time(stats.span.last)): the function raised an error or ran out of time.",
                    details: ["code": "LambdaUnhandled", "count": String(stats.count)],
                    examples: Array(stats.exampleLines.prefix(2))
                )
            ]
            var confirm = [
                "CloudWatch LambdaUserError (per TargetGroup) and the function's Errors metric rise at the same times.",
                "The function's log group shows the stack traces, or `Task timed out after N seconds`.",
            ]
            var fix = [
                "Catch exceptions in the handler and return a JSON response with a 5xx statusCode instead of failing the invocation."
            ]
            if let timeout = Self.constantTime(stats) {
                evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary:
                            "\(Phrase.share(timeout.count, of: stats.count)) took \(Phrase.seconds(timeout.seconds))-\(Phrase.seconds(timeout.seconds + 0.05)) s (target_processing_time): a constant like that is the function's timeout, so these invocations timed out.",
                        details: [
                            "timeout_seconds": Phrase.seconds(timeout.seconds), "at_timeout": String(timeout.count),
                        ]
                    )
                )
                confirm.append(
                    "The function's Duration metric (Maximum) equals its configured timeout, about \(Phrase.seconds(timeout.seconds)) s."
                )
                fix.insert(
                    "Make the slow path faster (downstream calls, cold starts, memory size) or raise the function timeout above \(Phrase.seconds(timeout.seconds)) s; remember the load balancer idle timeout caps how long a client waits.",
                    at: 0
                )
            }
            return Finding(
                id: cause,
                confidence: 0.95,
                count: stats.count,
                evidence: evidence,
                confirm: confirm,
                fix: fix
            )
        }

        /// The time (s) where at least 30 % of the invocations and at least 5 sit within 50 ms, if ≥ 1 s.
        static func constantTime(_ stats: SignatureStats) -> (seconds: Double, count: Int)? {
            var best: (key: Int, count: Int)?
            for key in stats.fineTargetTimes.keys.sorted() where key >= 100 {
                let n = (0...4).reduce(0) { $0 + (stats.fineTargetTimes[key + $1] ?? 0) }
                if n > (best?.count ?? 0) { best = (key, n) }
            }
            guard let best, best.count >= 5, Double(best.count) >= 0.3 * Double(stats.count) else { return nil }
            return (Double(best.key) / 100, best.count)
        }
    }
}
