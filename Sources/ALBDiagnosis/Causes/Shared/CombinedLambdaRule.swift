import ALBAccessLog

/// Lambda metrics (`Throttles`, `Errors` of the functions; `LambdaUserError`, `LambdaInternalError` of the
/// target groups) against the logs' Lambda findings.
public struct CombinedLambdaRule: CombinedRule {
    public init() {}

    public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
        let inputs = context.inputs
        guard inputs.metrics != nil else { return }
        let throttles = inputs.lambdaSeries("Throttles").filter { $0.total > 0 }
        let errors = inputs.lambdaSeries("Errors").filter { $0.total > 0 }
        let userErrors = inputs.nonZeroTargetGroupSeries("LambdaUserError")
        let internalErrors = inputs.nonZeroTargetGroupSeries("LambdaInternalError")

        if !throttles.isEmpty {
            let total = throttles.reduce(0) { $0 + $1.count }
            let evidence = throttles.map { s in
                Evidence(
                    source: .metric,
                    summary:
                        "CloudWatch Throttles of function \(s.dimensions["FunctionName"] ?? "-"): \(s.phrase) — invocations refused for lack of concurrency.",
                    details: [
                        "metric": "Throttles", "function": s.dimensions["FunctionName"] ?? "-",
                        "total": String(s.count),
                    ]
                )
            }
            var evidenceWithQuota = evidence
            if let quota = inputs.lambdaConcurrencyQuota {
                let peak = inputs.lambdaSeries("ConcurrentExecutions").compactMap { $0.peak?.value }.max()
                evidenceWithQuota.append(
                    Evidence(
                        source: .configuration,
                        summary:
                            "The account's Lambda concurrency quota (L-B99A9384) is \(MetricSeries.format(quota)); ConcurrentExecutions peaked at \(peak.map(MetricSeries.format) ?? "no data point") in the window\(peak.map { $0 >= 0.9 * quota ? ": at the quota" : ": below it, so a reserved concurrency on the function is the likelier limit" } ?? "").",
                        details: [
                            "quota": MetricSeries.format(quota),
                            "peak_concurrency": peak.map(MetricSeries.format) ?? "-",
                        ]
                    )
                )
            }
            update(&findings, .lambdaThrottled, evidence: evidenceWithQuota, withLogs: 0.95, alone: 0.8, count: total) {
                Finding(
                    id: .lambdaThrottled,
                    confidence: 0.8,
                    count: total,
                    confirm: [
                        "ConcurrentExecutions of the function reaches its reserved concurrency or the account's quota (Service Quotas L-B99A9384) in the same minutes."
                    ],
                    fix: [
                        "Raise the function's reserved concurrency or the account's concurrency quota, or reduce the request rate (caching, retries with backoff)."
                    ]
                )
            }
        }
        if !errors.isEmpty {
            let total = errors.reduce(0) { $0 + $1.count }
            let evidence = errors.map { s in
                Evidence(
                    source: .metric,
                    summary:
                        "CloudWatch Errors of function \(s.dimensions["FunctionName"] ?? "-"): \(s.phrase) — invocations that raised or timed out.",
                    details: [
                        "metric": "Errors", "function": s.dimensions["FunctionName"] ?? "-", "total": String(s.count),
                    ]
                )
            }
            var evidenceWithTimeout = evidence
            for function in inputs.lambdaFunctions ?? [] {
                guard let timeout = function.timeoutSeconds,
                    let longest = inputs.lambdaSeries("Duration").first(where: {
                        $0.dimensions["FunctionName"] == function.name
                    })?.peak?.value
                else { continue }
                let timedOut = longest >= Double(timeout) * 1000 * 0.95
                evidenceWithTimeout.append(
                    Evidence(
                        source: .configuration,
                        summary:
                            "Function \(function.name) has a timeout of \(timeout) s; its longest Duration in the window was \(MetricSeries.format(longest)) ms\(timedOut ? ": invocations ran into the timeout" : ", below the timeout: the errors are exceptions, not timeouts").",
                        details: [
                            "function": function.name, "timeout_seconds": String(timeout),
                            "max_duration_ms": MetricSeries.format(longest), "timed_out": timedOut ? "yes" : "no",
                        ]
                    )
                )
            }
            update(&findings, .lambdaUnhandled, evidence: evidenceWithTimeout, withLogs: 0.9, alone: 0.6, count: total)
            {
                Finding(
                    id: .lambdaUnhandled,
                    confidence: 0.6,
                    count: total,
                    confirm: [
                        "The function's CloudWatch Logs show the exception or `Task timed out` at those times; Duration Maximum close to the function timeout means timeouts."
                    ],
                    fix: [
                        "Fix the exception the function's logs show, or raise its timeout (and the client's) if it runs out of time."
                    ],
                    alternatives: [.lambdaError]
                )
            }
        }
        if !userErrors.isEmpty || !internalErrors.isEmpty {
            let evidence = (userErrors + internalErrors).map { s in
                Evidence(
                    source: .metric,
                    summary:
                        "CloudWatch \(s.name) of target group \(TriageAggregator.groupName(fromARN: s.dimensions["TargetGroup"] ?? "-")): \(s.phrase)\(s.name == "LambdaInternalError" ? " — failures inside the Lambda service or the load balancer's integration" : " — invocations that failed by the function's fault (error, bad or too large response, permissions)").",
                    details: ["metric": s.name, "total": String(s.count)]
                )
            }
            let lambdaCauses: [CauseID] = [.lambdaResponseTooLarge, .lambdaUnhandled, .lambdaThrottled, .lambdaError]
            if let cause = lambdaCauses.first(where: { findings[$0] != nil }), var finding = findings[cause] {
                finding.evidence += evidence
                findings[cause] = finding
            } else {
                let total = (userErrors + internalErrors).reduce(0) { $0 + $1.count }
                findings[.lambdaError] = Finding(
                    id: .lambdaError,
                    confidence: 0.5,
                    count: total,
                    evidence: evidence,
                    confirm: [
                        "The access logs' error_reason (LambdaUnhandled, LambdaResponseTooLarge, LambdaInvalidResponse, …) names the failure; enable access logs or pass --logs."
                    ],
                    fix: [
                        "Check the function's CloudWatch Logs and its response format (statusCode, headers, body, isBase64Encoded; under 1 MB)."
                    ],
                    alternatives: [.lambdaUnhandled, .lambdaResponseTooLarge]
                )
            }
        }
    }

    private func update(
        _ findings: inout [CauseID: Finding],
        _ cause: CauseID,
        evidence: [Evidence],
        withLogs: Double,
        alone: Double,
        count: Int,
        make: () -> Finding
    ) {
        if var finding = findings[cause] {
            finding.strengthen(to: withLogs, adding: evidence)
            findings[cause] = finding
        } else {
            var finding = make()
            finding.evidence = evidence
            finding.confidence = Finding.clamp(alone)
            finding.count = count
            findings[cause] = finding
        }
    }
}
