import ALBAccessLog

/// `lambda-response-too-large`: `error_reason` LambdaResponseTooLarge.
public struct LambdaResponseTooLargeCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .lambdaResponseTooLarge }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Lambda response larger than 1 MB" }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
}

extension LambdaResponseTooLargeCause {
    /// `lambda-response-too-large`: `error_reason` LambdaResponseTooLarge.
    struct AccessLogReading {
        public init() {}
        public var cause: CauseID { .lambdaResponseTooLarge }

        public func evaluate(_ context: DiagnosisContext) -> Finding? {
            let signature = Signature(.lambdaError, code: "LambdaResponseTooLarge")
            guard let stats = context.logs.stats(of: signature), stats.count > 0 else { return nil }
            var evidence = [
                Evidence(
                    source: .accessLog,
                    summary:
                        "\(Phrase.count502(stats.count)) with error_reason LambdaResponseTooLarge between \(Phrase.time(stats.span.first)) and \(Phrase.time(stats.span.last)): the function's response was over 1 MB.",
                    details: ["code": "LambdaResponseTooLarge", "count": String(stats.count)],
                    examples: Array(stats.exampleLines.prefix(2))
                )
            ]
            if let top = LambdaRuleSupport.topPath(context.logs, signature: signature) {
                evidence.append(top)
            }
            return Finding(
                id: cause,
                confidence: 0.95,
                count: stats.count,
                evidence: evidence,
                confirm: [
                    "CloudWatch LambdaUserError (per TargetGroup) has data points at the same times.",
                    "The function's own logs show the response size for these requests (the body plus headers as JSON, base64 inflating binary bodies by a third).",
                ],
                fix: [
                    "Keep the whole response JSON under 1 MB: paginate, compress, or return a redirect to a pre-signed S3 URL for large results.",
                    "Add error handling that turns an oversize result into a proper 4xx/5xx JSON response instead of failing.",
                ]
            )
        }
    }
}

/// Shared helpers of the Lambda rules.
enum LambdaRuleSupport {
    /// Evidence naming the path with most 502s of a signature, when one path dominates (≥ 50 %).
    static func topPath(_ logs: TriageAggregator, signature: Signature) -> Evidence? {
        guard let stats = logs.stats(of: signature), stats.count > 0 else { return nil }
        // Paths keep signature-id counts only; use the example lines to find the code's path.
        var byPath: [String: Int] = [:]
        for line in stats.exampleLines {
            byPath[
                PathNormalizer.path(ofRequest: TargetKeepaliveTimeoutCause.AccessLogReading.requestField(of: line)),
                default: 0
            ] += 1
        }
        guard let (path, _) = byPath.max(by: { $0.value < $1.value }), byPath.count == 1 else { return nil }
        guard let row = logs.pathRows.first(where: { $0.key == path }) else { return nil }
        let lambda = row.stats.signatures[.lambdaError]
        guard lambda > 0 else { return nil }
        return Evidence(
            source: .accessLog,
            summary:
                "Every sampled example is on \(path), which had \(lambda) Lambda-error 502s out of \(row.stats.requests) requests (\(Phrase.percent(Double(lambda) / Double(max(1, row.stats.requests))))).",
            details: ["path": path, "path_requests": String(row.stats.requests)]
        )
    }
}
