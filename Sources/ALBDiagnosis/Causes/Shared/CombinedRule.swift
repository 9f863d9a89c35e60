/// Evidence that bears on several causes at once and so belongs to no one cause's file: a target's
/// registration in CloudTrail (refused or unreachable), the network path (unreachable, refused), the healthy
/// host count (refused, unreachable against keep-alive), the Lambda functions' metrics (the four Lambda causes).
///
/// These run after every cause's own ``Cause/weigh(_:findings:)``, in the order of ``CombinedRules/all``.
/// A rule that concerns one cause belongs in that cause's file instead.
public protocol CombinedRule: Sendable {
    /// Updates `findings` (keyed by cause) from `context`.
    func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding])
}

/// The cross-cause rules, in a fixed order.
public enum CombinedRules {
    /// Every cross-cause rule.
    public static let all: [any CombinedRule] = [
        CombinedRegistrationRule(),
        CombinedLambdaRule(),
        CombinedNetworkRule(),
        CombinedHealthyHostRule(),
    ]
}
