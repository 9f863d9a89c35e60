/// What a packet capture taken on (or in front of) a target showed, as plain values for the capture
/// rules. Filled in by the `ALBDoctor` adapter from a `PacketCapture` analysis; the client side of each
/// connection is the load balancer, the server side the target.
public struct CaptureObservation: Sendable, Codable, Hashable {
    /// Files analysed (`-` = stdin).
    public var files: [String] = []
    /// First and last packet time (ISO 8601), if any packet was read.
    public var firstPacketTime: String?
    /// Last packet time (ISO 8601).
    public var lastPacketTime: String?
    /// Packets read.
    public var packets = 0
    /// Errors that stopped reading a file (everything before was analysed).
    public var readErrors: [String] = []

    // Connections
    /// TCP connections seen.
    public var connections = 0
    /// Connections that were established.
    public var establishedConnections = 0
    /// Target endpoints seen (`ip:port`), most connections first.
    public var targets: [String] = []
    /// SYNs answered with RST.
    public var refusedConnections = 0
    /// Examples of refused connections (`time client -> target: detail`).
    public var refusedExamples: [String] = []
    /// SYNs never answered.
    public var unansweredSYNs = 0
    /// Examples of unanswered SYNs.
    public var unansweredExamples: [String] = []
    /// ICMP destination unreachable messages about TCP connections.
    public var icmpUnreachable = 0
    /// ICMP unreachable by code name.
    public var icmpByCode: [String: Int] = [:]
    /// Examples of ICMP unreachable.
    public var icmpExamples: [String] = []

    // HTTP
    /// Requests seen (LB → target).
    public var requests = 0
    /// Requests on reused (keep-alive) connections.
    public var reusedRequests = 0
    /// Responses seen.
    public var responses = 0
    /// Responses with at least one violation of what the ALB accepts.
    public var malformedResponses = 0
    /// Violation codes (stable, from the shared validator) and how many responses had each.
    public var violationsByCode: [String: Int] = [:]
    /// Example malformed responses (connection, time, violation, escaped bytes with offset).
    public var malformedExamples: [String] = []
    /// Requests still waiting for a response when the target closed or reset the connection.
    public var requestsOutstandingAtTargetClose = 0
    /// Requests sent on a connection the target had already closed (FIN).
    public var requestsAfterTargetFIN = 0
    /// Examples of both.
    public var outstandingExamples: [String] = []

    // Keep-alive
    /// The load balancer idle timeout the closes are compared with, seconds.
    public var idleTimeoutSeconds: Double = 60
    /// Idle connections the target closed (FIN or RST with nothing outstanding).
    public var targetIdleCloses = 0
    /// Of which with RST.
    public var targetIdleClosesWithRST = 0
    /// Of which shorter than the idle timeout.
    public var targetIdleClosesBelowIdleTimeout = 0
    /// Minimum / median / p90 / maximum idle time before the target closed, seconds.
    public var targetIdleCloseSeconds: DurationSummary?
    /// Idle connections the load balancer side closed.
    public var clientIdleCloses = 0
    /// `Keep-Alive: timeout=N` values the target announced, as `N: responses`.
    public var announcedKeepAliveTimeouts: [String: Int] = [:]
    /// Examples of idle closes by the target.
    public var targetIdleCloseExamples: [String] = []

    // TLS
    /// The back-end security policy used for the TLS checks.
    public var backendPolicy = "ELBSecurityPolicy-2016-08"
    /// Connections that started with a TLS ClientHello.
    public var tlsConnections = 0
    /// Handshakes completed.
    public var tlsCompleted = 0
    /// Handshakes failed.
    public var tlsFailed = 0
    /// Alerts by sender and name (`target: fatal handshake_failure (40)`).
    public var tlsAlerts: [String: Int] = [:]
    /// Versions offered by the load balancer side.
    public var tlsOfferedVersions: [String: Int] = [:]
    /// Version + suite chosen by the target.
    public var tlsChosen: [String: Int] = [:]
    /// Handshakes in which the target chose something the back-end policy does not allow.
    public var tlsChosenOutsidePolicy = 0
    /// ClientHellos offering something outside the back-end policy.
    public var tlsHelloOutsidePolicy = 0
    /// Why handshakes failed (distinct reasons, most frequent first).
    public var tlsFailureReasons: [String] = []
    /// Example failed handshakes.
    public var tlsFailureExamples: [String] = []

    /// Creates an empty observation.
    public init() {}

    /// Min / median / p90 / max of a set of durations, seconds.
    public struct DurationSummary: Sendable, Codable, Hashable {
        public var minimum: Double
        public var median: Double
        public var p90: Double
        public var maximum: Double

        /// Creates a summary.
        public init(minimum: Double, median: Double, p90: Double, maximum: Double) {
            self.minimum = minimum
            self.median = median
            self.p90 = p90
            self.maximum = maximum
        }
    }
}
