/// Everything one probe of one target observed, check by check, with timings.
///
/// Each check says what happened on the wire; judging it (which 502 cause it points at) is the job of the
/// diagnosis rules, which receive these facts as plain values.
public struct ProbeResult: Sendable, Codable, Hashable {
    /// The target as parsed from its URL.
    public var target: ProbeTarget
    /// The address connected to, e.g. `10.0.3.17:8080` (the first address the name resolved to).
    public var address: String?
    /// The load balancer idle timeout the keep-alive check compared against, seconds.
    public var idleTimeout: Double
    /// The TCP connect check.
    public var connect: ConnectCheck
    /// The TLS checks (https targets only; `nil` when the connect failed or for http).
    public var tls: TLSCheck?
    /// The request/response check (`nil` when no request could be sent).
    public var response: ResponseCheck?
    /// The keep-alive check (`nil` when no complete response was read).
    public var keepAlive: KeepAliveCheck?
    /// What this probe could not test, in plain words.
    public var limitations: [String]
    /// How long the whole probe of this target took, seconds.
    public var duration: Double

    /// Creates a result; the probe fills the checks it reached.
    public init(
        target: ProbeTarget,
        address: String? = nil,
        idleTimeout: Double,
        connect: ConnectCheck,
        tls: TLSCheck? = nil,
        response: ResponseCheck? = nil,
        keepAlive: KeepAliveCheck? = nil,
        limitations: [String] = [],
        duration: Double = 0
    ) {
        self.target = target
        self.address = address
        self.idleTimeout = idleTimeout
        self.connect = connect
        self.tls = tls
        self.response = response
        self.keepAlive = keepAlive
        self.limitations = limitations
        self.duration = duration
    }

    /// `url (address)` when the address is known, else the URL.
    public var label: String { address.map { "\(target.url) (\($0))" } ?? target.url }
}

/// The outcome of the TCP connect, as the load balancer would see it.
public struct ConnectCheck: Sendable, Codable, Hashable {
    /// What happened.
    public enum Outcome: String, Sendable, Codable, Hashable {
        /// The three-way handshake completed.
        case connected
        /// The target answered the SYN with a RST (`ECONNREFUSED`): nothing listens on the port.
        case refused
        /// ICMP host/network unreachable (`EHOSTUNREACH`, `ENETUNREACH`).
        case unreachable
        /// No answer within the connect timeout (SYN dropped, e.g. by a security group or NACL).
        case timedOut = "timed-out"
        /// Another socket error.
        case failed
    }

    public var outcome: Outcome
    /// Time from the start of the connect to its outcome, seconds.
    public var seconds: Double
    /// The connect timeout used, seconds.
    public var timeout: Double
    /// The errno, when the kernel reported one.
    public var errno: Int32?
    /// A human description of the outcome.
    public var detail: String

    public init(outcome: Outcome, seconds: Double, timeout: Double, errno: Int32? = nil, detail: String) {
        self.outcome = outcome
        self.seconds = seconds
        self.timeout = timeout
        self.errno = errno
        self.detail = detail
    }
}

/// One TLS handshake attempt.
public struct HandshakeAttempt: Sendable, Codable, Hashable {
    /// What was offered: a version (`TLSv1.2`), a suite (`ECDHE-RSA-AES128-GCM-SHA256`) or the policy name.
    public var offered: String
    /// Whether the handshake completed.
    public var accepted: Bool
    /// The negotiated version, read from the ServerHello.
    public var version: TLSProtocolVersion?
    /// The negotiated cipher suite, read from the ServerHello.
    public var cipherSuite: String?
    /// The alert the target sent, e.g. `protocol_version`.
    public var alert: String?
    /// BoringSSL's reason or what happened on the wire (`connection reset`, `timed out`).
    public var error: String?
    /// Handshake time, seconds.
    public var seconds: Double

    public init(
        offered: String,
        accepted: Bool,
        version: TLSProtocolVersion? = nil,
        cipherSuite: String? = nil,
        alert: String? = nil,
        error: String? = nil,
        seconds: Double
    ) {
        self.offered = offered
        self.accepted = accepted
        self.version = version
        self.cipherSuite = cipherSuite
        self.alert = alert
        self.error = error
        self.seconds = seconds
    }
}

/// The TLS checks of an https target.
public struct TLSCheck: Sendable, Codable, Hashable {
    /// The back-end policy the load balancer would use.
    public var policy: BackendTLSPolicy
    /// The handshake offering exactly the policy (what the load balancer does).
    public var policyHandshake: HandshakeAttempt
    /// One handshake per TLS version (all suites BoringSSL has), to list the versions the target accepts.
    public var versions: [HandshakeAttempt]
    /// One handshake per TLS 1.0–1.2 suite (the policy's testable suites plus a few outside it).
    public var suites: [HandshakeAttempt]
    /// The target's certificate, when a handshake completed.
    public var certificate: CertificateSummary?

    public init(
        policy: BackendTLSPolicy,
        policyHandshake: HandshakeAttempt,
        versions: [HandshakeAttempt] = [],
        suites: [HandshakeAttempt] = [],
        certificate: CertificateSummary? = nil
    ) {
        self.policy = policy
        self.policyHandshake = policyHandshake
        self.versions = versions
        self.suites = suites
        self.certificate = certificate
    }

    /// The versions the target accepted.
    public var acceptedVersions: [TLSProtocolVersion] {
        versions.filter(\.accepted).compactMap { TLSProtocolVersion(name: $0.offered) }
    }

    /// The suites the target accepted.
    public var acceptedSuites: [String] { suites.filter(\.accepted).map(\.offered) }

    /// The versions tried one by one, as offered (`TLSv1.2`).
    public var versionsTried: [String] { versions.map(\.offered) }

    /// The versions the target accepted, as offered.
    public var versionsAccepted: [String] { versions.filter(\.accepted).map(\.offered) }

    /// The suites tried one by one.
    public var suitesTried: [String] { suites.map(\.offered) }
}

/// Information about the target's certificate (the load balancer does not validate it).
public struct CertificateSummary: Sendable, Codable, Hashable {
    /// The subject, as NIOSSL prints it.
    public var subject: String
    /// `notAfter`, seconds since 1970.
    public var notValidAfter: Int64
    /// `notBefore`, seconds since 1970.
    public var notValidBefore: Int64
    /// Key type, e.g. `RSA 2048`, `EC P-256`, `Ed25519`.
    public var keyType: String

    public init(subject: String, notValidAfter: Int64, notValidBefore: Int64, keyType: String) {
        self.subject = subject
        self.notValidAfter = notValidAfter
        self.notValidBefore = notValidBefore
        self.keyType = keyType
    }
}

/// The check of the target's answer to one ALB-shaped request.
public struct ResponseCheck: Sendable, Codable, Hashable {
    /// How the read ended.
    public enum Outcome: String, Sendable, Codable, Hashable {
        /// A complete response was read.
        case complete
        /// The target closed (FIN) before sending any byte.
        case closedBeforeResponse = "closed-before-response"
        /// The target reset (RST) before sending any byte.
        case resetBeforeResponse = "reset-before-response"
        /// The target closed (FIN) in the middle of the response.
        case closedMidResponse = "closed-mid-response"
        /// The target reset (RST) in the middle of the response.
        case resetMidResponse = "reset-mid-response"
        /// No complete response within the response timeout (the load balancer would answer 504).
        case timedOut = "timed-out"
        /// The head grew past the read limit without ending.
        case headTooLarge = "head-too-large"
        /// The response framing could not be determined (e.g. conflicting lengths); reading stopped.
        case unframeable
        /// The request could not be written.
        case writeFailed = "write-failed"
    }

    /// One violation found by the shared response validator.
    public struct Violation: Sendable, Codable, Hashable {
        /// Stable code, e.g. `obs-fold`.
        public var code: String
        /// Byte offset in the response.
        public var offset: Int
        /// Escaped excerpt of the offending bytes.
        public var excerpt: String
        /// Human explanation.
        public var message: String

        public init(code: String, offset: Int, excerpt: String, message: String) {
            self.code = code
            self.offset = offset
            self.excerpt = excerpt
            self.message = message
        }
    }

    public var outcome: Outcome
    /// The request sent, escaped (one line per header).
    public var request: String
    /// The status line, escaped.
    public var statusLine: String?
    public var statusCode: Int?
    public var httpVersion: String?
    /// Bytes in the head section (interim heads included).
    public var headBytes: Int
    /// Body bytes read.
    public var bodyBytes: Int
    /// `content-length`, `chunked`, `close-delimited`, `none` or `ambiguous`.
    public var framing: String?
    /// Time from writing the request to the first response byte, seconds.
    public var firstByteSeconds: Double?
    /// Time from writing the request to the end of the read, seconds.
    public var seconds: Double
    /// Escaped excerpt of the head (bounded).
    public var headExcerpt: String
    /// What the validator found.
    public var violations: [Violation]
    /// Whether the response says the connection will not be reused (`Connection: close`, HTTP/1.0 default).
    public var connectionClose: Bool
    /// The `Keep-Alive` header, if any.
    public var keepAliveHeader: String?
    /// The `timeout=` of `Keep-Alive`, seconds.
    public var advertisedKeepAliveTimeout: Int?
    /// The `Server` header, if any (helps name the setting to change).
    public var server: String?
    /// A human description of the outcome.
    public var detail: String

    public init(
        outcome: Outcome,
        request: String,
        statusLine: String? = nil,
        statusCode: Int? = nil,
        httpVersion: String? = nil,
        headBytes: Int = 0,
        bodyBytes: Int = 0,
        framing: String? = nil,
        firstByteSeconds: Double? = nil,
        seconds: Double,
        headExcerpt: String = "",
        violations: [Violation] = [],
        connectionClose: Bool = false,
        keepAliveHeader: String? = nil,
        advertisedKeepAliveTimeout: Int? = nil,
        server: String? = nil,
        detail: String
    ) {
        self.outcome = outcome
        self.request = request
        self.statusLine = statusLine
        self.statusCode = statusCode
        self.httpVersion = httpVersion
        self.headBytes = headBytes
        self.bodyBytes = bodyBytes
        self.framing = framing
        self.firstByteSeconds = firstByteSeconds
        self.seconds = seconds
        self.headExcerpt = headExcerpt
        self.violations = violations
        self.connectionClose = connectionClose
        self.keepAliveHeader = keepAliveHeader
        self.advertisedKeepAliveTimeout = advertisedKeepAliveTimeout
        self.server = server
        self.detail = detail
    }
}

/// The keep-alive check: how long the target keeps an idle connection open after a complete response.
public struct KeepAliveCheck: Sendable, Codable, Hashable {
    /// What happened while the connection was idle.
    public enum Outcome: String, Sendable, Codable, Hashable {
        /// The target closed the idle connection after ``KeepAliveCheck/idleSeconds``.
        case closedByTarget = "closed-by-target"
        /// The target kept it open for the whole wait (idle timeout + margin).
        case stayedOpen = "stayed-open"
        /// The response said the connection will not be reused (`Connection: close`): safe for the LB.
        case notReusable = "not-reusable"
        /// `--quick`: the wait was skipped.
        case skipped
    }

    /// How the target closed the connection.
    public enum CloseKind: String, Sendable, Codable, Hashable {
        /// TCP FIN.
        case fin
        /// TCP RST.
        case reset
        /// TLS `close_notify`, then FIN.
        case tlsCloseNotify = "tls-close-notify"
    }

    public var outcome: Outcome
    public var closeKind: CloseKind?
    /// Measured idle time before the target closed, seconds (±0.2 s).
    public var idleSeconds: Double?
    /// How long the probe stayed idle, seconds.
    public var waitedSeconds: Double
    /// The load balancer idle timeout compared against, seconds.
    public var idleTimeout: Double
    /// A human description.
    public var detail: String

    public init(
        outcome: Outcome,
        closeKind: CloseKind? = nil,
        idleSeconds: Double? = nil,
        waitedSeconds: Double,
        idleTimeout: Double,
        detail: String
    ) {
        self.outcome = outcome
        self.closeKind = closeKind
        self.idleSeconds = idleSeconds
        self.waitedSeconds = waitedSeconds
        self.idleTimeout = idleTimeout
        self.detail = detail
    }
}
