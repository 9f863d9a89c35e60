import ALBAccessLog

/// `lambda-error`: every other Lambda `error_reason` (invalid response, permissions, VPC/KMS set-up,
/// internal errors, undocumented codes).
public struct LambdaErrorCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .lambdaError }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Lambda invocation error" }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
}

extension LambdaErrorCause {
    /// `lambda-error`: every other Lambda `error_reason` (invalid response, permissions, VPC/KMS set-up,
    /// internal errors, undocumented codes).
    struct AccessLogReading {
        public init() {}
        public var cause: CauseID { .lambdaError }

        public func evaluate(_ context: DiagnosisContext) -> Finding? {
            let rows = context.logs.signatureRows.filter { row in
                row.signature.id == .lambdaError
                    && LambdaErrorCatalog.cause(of: row.signature.code ?? "") == .lambdaError
            }.sorted {
                $0.stats.count != $1.stats.count ? $0.stats.count > $1.stats.count : $0.signature < $1.signature
            }
            guard !rows.isEmpty else { return nil }
            let count = rows.reduce(0) { $0 + $1.stats.count }
            var evidence: [Evidence] = []
            var fix: [String] = []
            var metrics: Set<String> = []
            for row in rows {
                let code = row.signature.code ?? "-"
                let entry = LambdaErrorCatalog.entry(code)
                let meaning = entry?.meaning ?? "an error_reason code not in the documentation we know"
                evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary: "\(code): \(Phrase.count502(row.stats.count)) — \(meaning).",
                        details: ["code": code, "count": String(row.stats.count), "metric": entry?.metric ?? "-"],
                        examples: evidence.count < 2 ? Array(row.stats.exampleLines.prefix(1)) : []
                    )
                )
                if let entry {
                    fix.append("\(code): \(entry.fix).")
                    metrics.insert(entry.metric)
                }
            }
            let metricList = metrics.sorted().joined(separator: " / ")
            return Finding(
                id: cause,
                confidence: 0.9,
                count: count,
                evidence: evidence,
                confirm: [
                    "CloudWatch \(metricList.isEmpty ? "LambdaUserError / LambdaInternalError" : metricList) (per TargetGroup) has data points at the same times.",
                    "The function's log group and its configuration (role, VPC, KMS key, runtime) explain the code.",
                ],
                fix: fix.isEmpty ? ["Look up the error_reason code in the function's logs and configuration."] : fix
            )
        }
    }
}
