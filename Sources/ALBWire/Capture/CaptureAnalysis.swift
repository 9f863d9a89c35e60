/// Everything `alb-doctor pcap` learned from one or more captures, as plain bounded values.
///
/// Counts are exact; example lists are capped (see ``CaptureAnalysis/exampleLimit``).
public struct CaptureAnalysis: Sendable, Codable {
    /// How many examples of each kind are kept.
    public static let exampleLimit = 10

    /// One file read.
    public struct FileSummary: Sendable, Codable, Hashable {
        /// The path (`-` for stdin).
        public var name: String
        /// The container format, when the header could be read.
        public var format: CaptureFormat?
        /// Packets read (all, up to the error if any).
        public var packets = 0
        /// Uncompressed bytes read.
        public var bytes: Int64 = 0
        /// Link types seen.
        public var linkTypes: [String] = []
        /// The error that stopped reading, if any (everything before it is analysed).
        public var error: PacketCaptureError?

        /// A summary of the file `name`, before reading it.
        public init(name: String) {
            self.name = name
        }
    }

    /// Packet-level counts.
    public struct PacketCounts: Sendable, Codable, Hashable {
        /// All packets.
        public var total = 0
        /// TCP segments analysed.
        public var tcp = 0
        /// ICMP/ICMPv6 destination unreachable about TCP.
        public var icmpUnreachable = 0
        /// Other protocols (ARP, UDP, …) and non-first IP fragments: skipped.
        public var other = 0
        /// Too short or inconsistent to decode: skipped.
        public var undecodable = 0
        /// TCP segments outside `--target-port`: skipped.
        public var outsideTargetPort = 0
        /// Segments whose payload the snap length cut (bytes missing, never invented).
        public var snapLengthCut = 0
    }

    /// Connection-level counts. The client side of a connection is taken to be the load balancer.
    public struct ConnectionCounts: Sendable, Codable, Hashable {
        /// Connections seen.
        public var total = 0
        /// Connections whose SYN was captured.
        public var withSYN = 0
        /// Connections that completed the TCP handshake (or were seen mid-stream with data both ways).
        public var established = 0
        /// Connections first seen mid-stream (no SYN in the capture).
        public var midstream = 0
        /// SYNs answered with RST (refused).
        public var refused = 0
        /// SYNs never answered (retransmitted or older than 1 s at the end of the capture).
        public var unansweredSYN = 0
        /// Connections with an ICMP destination unreachable.
        public var icmpUnreachable = 0
        /// Closed by the target with FIN.
        public var closedByTargetFIN = 0
        /// Closed by the target with RST.
        public var closedByTargetRST = 0
        /// Closed by the load balancer side with FIN.
        public var closedByClientFIN = 0
        /// Closed by the load balancer side with RST.
        public var closedByClientRST = 0
        /// Still open when the capture ended.
        public var openAtEnd = 0
        /// Evicted from the bounded connection table before they ended (analysed as far as seen).
        public var evicted = 0
        /// Retransmitted or out-of-order segments (bytes already seen).
        public var retransmissions = 0
        /// Gaps: bytes missing from the capture (the stream is resynchronised, nothing invented).
        public var gaps = 0
        /// Distinct load balancer (client) addresses.
        public var clientAddresses = 0
        /// Distinct target endpoints.
        public var targetEndpoints = 0
        /// Target endpoints with the most connections (up to 10), as `endpoint: count`.
        public var topTargets: [String] = []
    }

    /// An example connection event (refused, unanswered, ICMP, closed with a request outstanding).
    public struct ConnectionEvent: Sendable, Codable, Hashable {
        /// `client -> target`.
        public var connection: String
        /// When it happened (ISO 8601).
        public var time: String
        /// What happened, with the figures.
        public var detail: String

        /// Creates one.
        public init(connection: String, time: String, detail: String) {
            self.connection = connection
            self.time = time
            self.detail = detail
        }
    }

    /// One response that breaks the rules.
    public struct MalformedResponse: Sendable, Codable, Hashable {
        /// `client -> target`.
        public var connection: String
        /// When its first byte arrived.
        public var time: String
        /// 1-based index of the response on its connection.
        public var responseIndex: Int
        /// The request line it answers, escaped (if known).
        public var request: String?
        /// The violations.
        public var violations: [HTTPResponseViolation]

        /// Creates one.
        public init(
            connection: String,
            time: String,
            responseIndex: Int,
            request: String? = nil,
            violations: [HTTPResponseViolation]
        ) {
            self.connection = connection
            self.time = time
            self.responseIndex = responseIndex
            self.request = request
            self.violations = violations
        }
    }

    /// HTTP/1.x counts.
    public struct HTTPCounts: Sendable, Codable, Hashable {
        /// Requests seen (LB → target).
        public var requests = 0
        /// Requests on a reused connection (not the first on it).
        public var reusedRequests = 0
        /// Responses seen (target → LB).
        public var responses = 0
        /// Responses by status class (`2xx`: n).
        public var responsesByStatusClass: [String: Int] = [:]
        /// Responses with at least one violation.
        public var malformedResponses = 0
        /// Violations by code.
        public var violationsByCode: [String: Int] = [:]
        /// Example malformed responses.
        public var malformedExamples: [MalformedResponse] = []
        /// Requests still waiting for a response when the target closed (FIN/RST).
        public var requestsOutstandingAtTargetClose = 0
        /// Requests sent after the target had already sent its FIN.
        public var requestsAfterTargetFIN = 0
        /// Examples of both.
        public var outstandingExamples: [ConnectionEvent] = []
        /// Idle gap before each request on a reused connection.
        public var idleBeforeReusedRequest = DurationDistribution()
        /// Time from request to the first response byte.
        public var responseTime = DurationDistribution()
        /// Connections on which HTTP was not recognised (and that are not TLS): skipped.
        public var nonHTTPConnections = 0
    }

    /// Keep-alive closes.
    public struct KeepAliveCounts: Sendable, Codable, Hashable {
        /// The target closed an idle connection (nothing outstanding): time from the last byte to its FIN/RST.
        public var targetIdleClose = DurationDistribution()
        /// Of which with RST.
        public var targetIdleCloseWithRST = 0
        /// The load balancer side closed an idle connection: time from the last byte to its FIN/RST.
        public var clientIdleClose = DurationDistribution()
        /// `Keep-Alive: timeout=N` values the target announced, as `N: count`.
        public var announcedTimeouts: [String: Int] = [:]
        /// Responses with `Connection: close`.
        public var connectionCloseResponses = 0
        /// Example idle closes by the target.
        public var targetIdleCloseExamples: [ConnectionEvent] = []
    }

    /// TLS handshake summary.
    public struct TLSCounts: Sendable, Codable, Hashable {
        /// Connections that started with a TLS ClientHello.
        public var connections = 0
        /// ClientHellos parsed.
        public var clientHellos = 0
        /// Handshakes completed (application data both ways).
        public var completed = 0
        /// Handshakes that failed (alert, or close/reset before completion).
        public var failed = 0
        /// Versions offered, as `TLSv1.2: count` (each ClientHello counts once per version).
        public var offeredVersions: [String: Int] = [:]
        /// Cipher suites offered, as `OpenSSL-name: count`.
        public var offeredSuites: [String: Int] = [:]
        /// Version + suite the targets chose, as `TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256: count`.
        public var chosen: [String: Int] = [:]
        /// Alerts by sender, as `target: fatal handshake_failure (40): count`.
        public var alerts: [String: Int] = [:]
        /// SNI names sent (up to 10), as `name: count`.
        public var serverNames: [String: Int] = [:]
        /// Example failures.
        public var failures: [TLSFailure] = []
        /// The target chose a version or suite outside the back-end policy (would fail behind a real ALB).
        public var chosenOutsidePolicy = 0
        /// ClientHellos offering something outside the back-end policy (the capture's client is not an ALB
        /// using that policy).
        public var helloOutsidePolicy = 0
    }

    /// One failed TLS handshake.
    public struct TLSFailure: Sendable, Codable, Hashable {
        /// `client -> target`.
        public var connection: String
        /// When the ClientHello was sent.
        public var time: String
        /// Versions offered.
        public var offeredVersions: [String]
        /// Number of suites offered.
        public var offeredSuiteCount: Int
        /// The ServerHello's choice, if any (`TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256`).
        public var chosen: String?
        /// The alert and who sent it, if any.
        public var alert: String?
        /// Who sent the alert: `target` or `load-balancer`.
        public var alertFrom: String?
        /// Why, in one sentence (offered vs chosen vs back-end policy).
        public var reason: String

        /// Creates one.
        public init(
            connection: String,
            time: String,
            offeredVersions: [String],
            offeredSuiteCount: Int,
            chosen: String? = nil,
            alert: String? = nil,
            alertFrom: String? = nil,
            reason: String
        ) {
            self.connection = connection
            self.time = time
            self.offeredVersions = offeredVersions
            self.offeredSuiteCount = offeredSuiteCount
            self.chosen = chosen
            self.alert = alert
            self.alertFrom = alertFrom
            self.reason = reason
        }
    }

    /// Files read, in order.
    public var files: [FileSummary] = []
    /// The back-end policy the TLS checks used.
    public var backendPolicy: String = ELBSecurityPolicy.defaultBackEnd.name
    /// The load balancer idle timeout compared with keep-alive closes, seconds.
    public var idleTimeoutSeconds: Double = 60
    /// The target port filter, if any.
    public var targetPort: UInt16?
    /// First packet time (ISO 8601).
    public var firstPacketTime: String?
    /// Last packet time (ISO 8601).
    public var lastPacketTime: String?
    /// Packet counts.
    public var packets = PacketCounts()
    /// Connection counts.
    public var connections = ConnectionCounts()
    /// HTTP counts.
    public var http = HTTPCounts()
    /// Keep-alive counts.
    public var keepAlive = KeepAliveCounts()
    /// TLS counts.
    public var tls = TLSCounts()
    /// Examples of refused connections (RST to SYN).
    public var refusedExamples: [ConnectionEvent] = []
    /// Examples of unanswered SYNs.
    public var unansweredExamples: [ConnectionEvent] = []
    /// Examples of ICMP destination unreachable.
    public var icmpExamples: [ConnectionEvent] = []
    /// ICMP unreachable by code name, as `host unreachable: count`.
    public var icmpByCode: [String: Int] = [:]

    /// Errors that stopped reading a file (everything before each is analysed).
    public var errors: [PacketCaptureError] { files.compactMap(\.error) }

    /// An empty analysis.
    public init() {}
}
