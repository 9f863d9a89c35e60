import ALBWire

/// One root cause of an error answered by the load balancer, with everything that recognises it: one type
/// per cause, one file per type under `Causes/`, listed by ``CauseID/cause`` (an exhaustive switch, so a cause
/// cannot be forgotten).
///
/// A cause reads each kind of evidence it can use and says nothing about the kinds it cannot (the defaults
/// return `nil` or change nothing):
/// - ``fromLogs(_:)``: the aggregated access logs (``DiagnosisContext``);
/// - ``weigh(_:findings:)``: metrics, configuration and CloudTrail (``CombinedContext``), adjusting or adding
///   its finding after the access logs were read;
/// - ``fromProbe(_:)`` and ``probeHealthy(_:)``: an active probe of one target;
/// - ``fromCapture(_:)``: the analysis of a packet capture.
///
/// How a second source changes the confidence of a finding another source made is not up to the cause: the
/// merge steps (``ProbeMerge``, ``CaptureMerge``) apply one policy, ``EvidenceMerge``.
public protocol Cause: Sendable {
    /// The stable id (`causes[].id` in JSON).
    var id: CauseID { get }
    /// The status codes the load balancer answers when this cause is at work (`[502]`, `[503]`, `[504]`, …).
    var statusCodes: Set<Int> { get }
    /// A short human name, the default title of its findings.
    var title: String { get }
    /// Whether a probe of a target can confirm or weaken this cause (its targets are worth probing).
    var probeable: Bool { get }
    /// What `alb-doctor probe` shows when this cause is real; a finding of a cause with an outcome gets the
    /// exact probe command in its `confirm` list when no probe ran.
    var probeOutcome: String? { get }

    /// The finding the access logs support, or `nil`.
    func fromLogs(_ context: DiagnosisContext) -> Finding?
    /// Weighs metrics, configuration and CloudTrail: may strengthen or weaken this cause's finding, add one
    /// the logs could not make, or (naming them in its documentation) adjust the causes it competes with.
    /// Runs after every cause's ``fromLogs(_:)``, in ``CauseID`` order.
    func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding])
    /// Weighs the health-check and connection logs (``DiagnosisContext/loadBalancerLogs``) against its
    /// access-log finding, through ``EvidenceMerge``: strengthens or weakens it, adding evidence of source
    /// `health-check-log` or `connection-log`. Runs after every cause's ``fromLogs(_:)``, in ``CauseID`` order,
    /// and only when those logs were read.
    func weighLoadBalancerLogs(_ context: DiagnosisContext, findings: inout [CauseID: Finding])
    /// The finding a probe of one target supports, or `nil`.
    func fromProbe(_ observation: ProbeResult) -> Finding?
    /// What the probe saw when it found the target healthy on this cause's check (for the weakening step),
    /// or `nil` when the probe did not check it or found it failing.
    func probeHealthy(_ observation: ProbeResult) -> String?
    /// The finding a packet capture supports, or `nil`.
    func fromCapture(_ analysis: CaptureAnalysis) -> Finding?
}

extension Cause {
    public var statusCodes: Set<Int> { [502] }
    public var probeable: Bool { false }
    public var probeOutcome: String? { nil }
    public func fromLogs(_ context: DiagnosisContext) -> Finding? { nil }
    public func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding]) {}
    public func weighLoadBalancerLogs(_ context: DiagnosisContext, findings: inout [CauseID: Finding]) {}
    public func fromProbe(_ observation: ProbeResult) -> Finding? { nil }
    public func probeHealthy(_ observation: ProbeResult) -> String? { nil }
    public func fromCapture(_ analysis: CaptureAnalysis) -> Finding? { nil }
}
