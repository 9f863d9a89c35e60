/// A ``Cause`` of a status code other than 502 (`--status`): its access-log reading is a pure function of
/// the status aggregates (and configuration facts), and may give one finding per code. Its `fromLogs` stays
/// `nil`, so the 502 diagnosis never shows it; ``StatusCauseRules`` runs it for the selected codes.
public protocol StatusCauseRule: Cause {
    /// The findings (usually one), or none when the logs show nothing of this cause.
    func evaluate(_ context: StatusCauseContext) -> [Finding]
}

/// The status-code rules, derived from the registry.
public enum StatusCauseRules {
    /// Every rule: the causes of the registry (``CauseID``) that read the status aggregates, in ``CauseID``
    /// order. There is no hand list to keep in step.
    public static let all: [any StatusCauseRule] = Causes.all.compactMap { $0 as? any StatusCauseRule }

    /// The findings of every rule whose codes are selected (not ranked).
    public static func findings(_ context: StatusCauseContext, rules: [any StatusCauseRule] = all) -> [Finding] {
        rules.filter { rule in rule.statusCodes.contains(where: context.selects) }.flatMap { $0.evaluate(context) }
            .filter { context.selects($0.status ?? 0) }
    }
}
