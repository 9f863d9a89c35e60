/// What an active probe of one target observed, as plain values for the probe rules.
///
/// Filled by the `ALBDoctor` adapter from a `TargetProbe.ProbeResult`; the rules never see NIO or TLS types,
/// so they can be tested with hand-built observations.
public struct ProbeObservation: Sendable, Codable, Hashable {
    /// The target URL as given.
    public var target: String
    /// The address connected to (`10.0.3.17:8080`).
    public var address: String?
    /// The load balancer idle timeout compared against, seconds.
    public var idleTimeout: Double
    /// Probe time, µs since 1970 (certificate expiry is measured from it).
    public var observedAtMicros: Int64
    public var connect: Connect
    public var tls: TLS?
    public var response: Response?
    public var keepAlive: KeepAlive?
    /// What the probe could not test.
    public var limitations: [String]

    /// Creates an observation.
    public init(
        target: String,
        address: String?,
        idleTimeout: Double,
        observedAtMicros: Int64,
        connect: Connect,
        tls: TLS? = nil,
        response: Response? = nil,
        keepAlive: KeepAlive? = nil,
        limitations: [String] = []
    ) {
        self.target = target
        self.address = address
        self.idleTimeout = idleTimeout
        self.observedAtMicros = observedAtMicros
        self.connect = connect
        self.tls = tls
        self.response = response
        self.keepAlive = keepAlive
        self.limitations = limitations
    }

    /// `address` when known, else the URL.
    public var label: String { address.map { "\(target) (\($0))" } ?? target }

    /// The TCP connect.
    public struct Connect: Sendable, Codable, Hashable {
        public enum Outcome: String, Sendable, Codable, Hashable {
            case connected, refused, unreachable
            case timedOut = "timed-out"
            case failed
        }

        public var outcome: Outcome
        public var seconds: Double
        public var timeout: Double
        public var errno: Int32?
        public var detail: String

        public init(outcome: Outcome, seconds: Double, timeout: Double, errno: Int32? = nil, detail: String) {
            self.outcome = outcome
            self.seconds = seconds
            self.timeout = timeout
            self.errno = errno
            self.detail = detail
        }
    }

    /// The TLS handshakes (https targets).
    public struct TLS: Sendable, Codable, Hashable {
        /// The back-end policy offered, e.g. `ELBSecurityPolicy-2016-08`.
        public var policyName: String
        /// Its versions (`TLSv1` … `TLSv1.3`).
        public var policyVersions: [String]
        /// Its TLS 1.0–1.2 suites (OpenSSL names).
        public var policySuites: [String]
        /// Policy suites the probe could not offer.
        public var untestableSuites: [String]
        /// Whether the handshake offering the policy completed.
        public var policyAccepted: Bool
        public var negotiatedVersion: String?
        public var negotiatedSuite: String?
        /// The alert the target sent on the policy handshake, e.g. `protocol_version`.
        public var alert: String?
        /// The TLS library's reason, e.g. `TLSV1_ALERT_PROTOCOL_VERSION`.
        public var error: String?
        /// Versions tried one by one, and which were accepted.
        public var versionsTried: [String]
        public var versionsAccepted: [String]
        /// Suites tried one by one (policy suites plus a few others), and which were accepted.
        public var suitesTried: [String]
        public var suitesAccepted: [String]
        /// Certificate facts (information only: the load balancer does not validate target certificates).
        public var certificateSubject: String?
        public var certificateNotAfter: Int64?
        public var certificateKeyType: String?

        public init(
            policyName: String,
            policyVersions: [String],
            policySuites: [String],
            untestableSuites: [String] = [],
            policyAccepted: Bool,
            negotiatedVersion: String? = nil,
            negotiatedSuite: String? = nil,
            alert: String? = nil,
            error: String? = nil,
            versionsTried: [String] = [],
            versionsAccepted: [String] = [],
            suitesTried: [String] = [],
            suitesAccepted: [String] = [],
            certificateSubject: String? = nil,
            certificateNotAfter: Int64? = nil,
            certificateKeyType: String? = nil
        ) {
            self.policyName = policyName
            self.policyVersions = policyVersions
            self.policySuites = policySuites
            self.untestableSuites = untestableSuites
            self.policyAccepted = policyAccepted
            self.negotiatedVersion = negotiatedVersion
            self.negotiatedSuite = negotiatedSuite
            self.alert = alert
            self.error = error
            self.versionsTried = versionsTried
            self.versionsAccepted = versionsAccepted
            self.suitesTried = suitesTried
            self.suitesAccepted = suitesAccepted
            self.certificateSubject = certificateSubject
            self.certificateNotAfter = certificateNotAfter
            self.certificateKeyType = certificateKeyType
        }
    }

    /// The answer to one ALB-shaped request.
    public struct Response: Sendable, Codable, Hashable {
        public enum Outcome: String, Sendable, Codable, Hashable {
            case complete
            case closedBeforeResponse = "closed-before-response"
            case resetBeforeResponse = "reset-before-response"
            case closedMidResponse = "closed-mid-response"
            case resetMidResponse = "reset-mid-response"
            case timedOut = "timed-out"
            case headTooLarge = "head-too-large"
            case unframeable
            case writeFailed = "write-failed"
        }

        /// One validator finding.
        public struct Violation: Sendable, Codable, Hashable {
            public var code: String
            public var offset: Int
            public var excerpt: String
            public var message: String

            public init(code: String, offset: Int, excerpt: String, message: String) {
                self.code = code
                self.offset = offset
                self.excerpt = excerpt
                self.message = message
            }
        }

        public var outcome: Outcome
        public var statusLine: String?
        public var statusCode: Int?
        public var headBytes: Int
        public var bodyBytes: Int
        public var seconds: Double
        public var firstByteSeconds: Double?
        public var violations: [Violation]
        public var headExcerpt: String
        public var server: String?
        public var connectionClose: Bool
        public var advertisedKeepAliveTimeout: Int?
        public var detail: String

        public init(
            outcome: Outcome,
            statusLine: String? = nil,
            statusCode: Int? = nil,
            headBytes: Int = 0,
            bodyBytes: Int = 0,
            seconds: Double = 0,
            firstByteSeconds: Double? = nil,
            violations: [Violation] = [],
            headExcerpt: String = "",
            server: String? = nil,
            connectionClose: Bool = false,
            advertisedKeepAliveTimeout: Int? = nil,
            detail: String
        ) {
            self.outcome = outcome
            self.statusLine = statusLine
            self.statusCode = statusCode
            self.headBytes = headBytes
            self.bodyBytes = bodyBytes
            self.seconds = seconds
            self.firstByteSeconds = firstByteSeconds
            self.violations = violations
            self.headExcerpt = headExcerpt
            self.server = server
            self.connectionClose = connectionClose
            self.advertisedKeepAliveTimeout = advertisedKeepAliveTimeout
            self.detail = detail
        }
    }

    /// The idle wait after a complete response.
    public struct KeepAlive: Sendable, Codable, Hashable {
        public enum Outcome: String, Sendable, Codable, Hashable {
            case closedByTarget = "closed-by-target"
            case stayedOpen = "stayed-open"
            case notReusable = "not-reusable"
            case skipped
        }

        public var outcome: Outcome
        /// `fin`, `reset` or `tls-close-notify`.
        public var closeKind: String?
        /// Measured idle time before the target closed, seconds.
        public var idleSeconds: Double?
        public var waitedSeconds: Double
        public var detail: String

        public init(
            outcome: Outcome,
            closeKind: String? = nil,
            idleSeconds: Double? = nil,
            waitedSeconds: Double,
            detail: String
        ) {
            self.outcome = outcome
            self.closeKind = closeKind
            self.idleSeconds = idleSeconds
            self.waitedSeconds = waitedSeconds
            self.detail = detail
        }
    }
}
