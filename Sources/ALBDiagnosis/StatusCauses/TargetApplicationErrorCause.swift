/// `target-application-error`: for each selected code other than 502, the lines where the target
/// answered that code itself (`target_status_code` equals `elb_status_code`). The load balancer
/// only passed them through; the application's logs explain them.
public struct TargetApplicationErrorCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .targetApplicationError }
    public var title: String { "The target application answered this code itself" }
    public var statusCodes: Set<Int> { Set(400...599).subtracting([502]) }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        context.statuses.codes.keys.sorted().filter { $0 != 502 && context.selects($0) }.compactMap { status in
            guard
                let stats = context.statuses.stats(
                    of: StatusSignature(status: status, id: StatusSignature.targetReturned)
                ),
                stats.count > 0
            else { return nil }
            return Finding(
                id: id,
                title: "The target application answered \(status) itself",
                confidence: 0.95,
                count: stats.count,
                evidence: [
                    StatusCauseSupport.lines(
                        stats,
                        status: status,
                        what: "with target_status_code \(status): the target's own answer, passed through"
                    ),
                    StatusCauseSupport.spread(stats, status: status),
                ],
                confirm: [
                    "CloudWatch HTTPCode_Target_\(status / 100)XX_Count (per TargetGroup) has data points at the same minutes; HTTPCode_ELB_\(status / 100)XX_Count does not.",
                    "The application's logs on the named targets show these requests and why it answered \(status).",
                ],
                fix: [
                    "Fix the application (or its dependency) on the paths named above; the load balancer is not involved."
                ],
                status: status
            )
        }
    }
}
