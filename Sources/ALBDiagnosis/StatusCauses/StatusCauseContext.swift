/// What the status causes look at: the aggregated lines of every code and, from `diagnose`, the
/// configuration that decides between causes the logs alone cannot separate.
public struct StatusCauseContext: Sendable {
    /// Configuration facts known from outside the logs (all optional).
    public struct Configuration: Sendable, Hashable {
        /// The load balancer's `idle_timeout.timeout_seconds`.
        public var idleTimeoutSeconds: Double?
        /// Target groups (by name) that a listener rule forwards to and that have no registered target.
        public var emptyTargetGroups: [String]
        /// Target groups (by name) whose registered targets are all in state `unused`.
        public var unusedTargetGroups: [String]
        /// Whether a listener rule or default action authenticates (OIDC or Cognito).
        public var hasAuthenticateAction: Bool?
        /// Whether a WAF web ACL is associated (`waf.fail_open.enabled` is noted separately).
        public var wafFailOpen: Bool?

        /// Creates the facts.
        public init(
            idleTimeoutSeconds: Double? = nil,
            emptyTargetGroups: [String] = [],
            unusedTargetGroups: [String] = [],
            hasAuthenticateAction: Bool? = nil,
            wafFailOpen: Bool? = nil
        ) {
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.emptyTargetGroups = emptyTargetGroups
            self.unusedTargetGroups = unusedTargetGroups
            self.hasAuthenticateAction = hasAuthenticateAction
            self.wafFailOpen = wafFailOpen
        }
    }

    /// The non-502 aggregation.
    public var statuses: StatusAggregator
    /// Which codes the report covers.
    public var selection: StatusSelection
    /// Configuration facts (empty for `analyze`).
    public var configuration: Configuration
    /// Targets that left while registered (``TargetDepartures``): their 504 connection timeouts and the 460s
    /// of their last minutes are that stop's errors, which the 504 and 460 causes leave out.
    public var departures: [TargetDepartures.Departure]
    /// The health-check and connection logs read beside the access logs, when any.
    public var loadBalancerLogs: LoadBalancerLogs?

    /// Creates a context.
    public init(
        statuses: StatusAggregator,
        selection: StatusSelection,
        configuration: Configuration = .init(),
        departures: [TargetDepartures.Departure] = [],
        loadBalancerLogs: LoadBalancerLogs? = nil
    ) {
        self.statuses = statuses
        self.selection = selection
        self.configuration = configuration
        self.departures = departures
        self.loadBalancerLogs = loadBalancerLogs
    }

    /// Whether `status` is part of the report.
    public func selects(_ status: Int) -> Bool {
        selection.contains(status, in: statuses)
    }
}
