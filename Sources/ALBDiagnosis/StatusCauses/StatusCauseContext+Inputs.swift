extension StatusCauseContext.Configuration {
    /// The configuration facts of what `diagnose` gathered: the idle timeout, and the target groups
    /// with no registered target or only `unused` ones.
    public init(inputs: EvidenceInputs) {
        self.init(
            idleTimeoutSeconds: inputs.loadBalancer?.idleTimeoutSeconds.map(Double.init),
            emptyTargetGroups: (inputs.targetGroups ?? []).filter { $0.targets?.isEmpty == true }.map(\.name),
            unusedTargetGroups: (inputs.targetGroups ?? []).filter { group in
                guard let targets = group.targets, !targets.isEmpty else { return false }
                return targets.allSatisfy { $0.state == "unused" }
            }.map(\.name)
        )
    }
}
