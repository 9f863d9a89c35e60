import ALBAccessLog
import ALBDiagnosis
import AWSClients
import Foundation

/// Lambda targets: function configuration, concurrency and metrics.
extension EvidenceGatherer {
    // MARK: Lambda

    /// The functions behind Lambda target groups (`GetFunctionConfiguration`) and the account's concurrency quota.
    func lambda(groups: [TargetGroupSnapshot], missing: inout [MissingEvidence]) async
        -> (functions: [LambdaFunctionSnapshot]?, quota: Double?)
    {
        let names = Set(
            groups.filter(\.isLambda).flatMap { $0.targets ?? [] }.map { Self.functionName(fromARN: $0.id) }
        )
        guard !names.isEmpty else { return (nil, nil) }
        let client = LambdaClient(core: core)
        var functions: [LambdaFunctionSnapshot] = []
        var failure: (any Error)?
        for name in names.sorted() {
            do {
                let c = try await client.getFunctionConfiguration(function: name)
                functions.append(
                    LambdaFunctionSnapshot(
                        name: c.functionName,
                        timeoutSeconds: c.timeout,
                        memoryMB: c.memorySize,
                        state: c.state
                    )
                )
            } catch {
                failure = failure ?? error
            }
        }
        if let failure {
            missing.append(
                Self.missing(
                    failure,
                    source: .configuration,
                    what:
                        "the configuration of \(names.count - functions.count) of \(names.count) Lambda function\(names.count == 1 ? "" : "s") (timeout, memory, state)",
                    action: "lambda:GetFunctionConfiguration",
                    impact: "Whether failing invocations ran into the function's timeout cannot be told from Duration."
                )
            )
        }
        var quota: Double?
        do {
            quota = try await ServiceQuotasClient(core: core).getServiceQuota(
                serviceCode: "lambda",
                quotaCode: ServiceQuotasClient.lambdaConcurrentExecutions
            ).value
        } catch {
            missing.append(
                Self.missing(
                    error,
                    source: .configuration,
                    what: "the account's Lambda concurrency quota (L-B99A9384)",
                    action: "servicequotas:GetServiceQuota",
                    impact: "Throttling is not compared with the account's concurrency limit."
                )
            )
        }
        return (functions, quota)
    }
}
