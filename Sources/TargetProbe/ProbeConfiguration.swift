import ALBWire

/// How a probe talks to its targets. Defaults follow the load balancer.
public struct ProbeConfiguration: Sendable, Hashable {
    /// TCP connect timeout, seconds (the load balancer uses 10 s).
    public var connectTimeout: Double = 10
    /// TLS handshake timeout, seconds (the load balancer uses 10 s; past it, it answers 504).
    public var handshakeTimeout: Double = 10
    /// How long to wait for a complete response, seconds.
    public var responseTimeout: Double = 10
    /// The load balancer idle timeout (`idle_timeout.timeout_seconds`), seconds; default 60.
    public var idleTimeout: Double = 60
    /// How long past the idle timeout the keep-alive check keeps waiting, seconds.
    public var idleMargin: Double = 2
    /// Skip the keep-alive wait.
    public var quick = false
    /// The back-end TLS policy offered to https targets.
    public var backendPolicy: BackendTLSPolicy = .elbSecurityPolicy201608
    /// Run the per-version and per-suite handshakes.
    public var enumerateTLS = true
    /// At most this many targets are probed at once.
    public var maxConcurrentTargets = 8
    /// At most this many enumeration handshakes run at once against one target.
    public var maxConcurrentHandshakes = 4
    /// Head bytes kept (the load balancer's limit is 32 KB, so more than that shows the violation).
    public var headLimit = 64 * 1024
    /// Body bytes kept for the validator and excerpts; the rest is counted.
    public var bodyKeepLimit = 16 * 1024
    /// Stop reading a body after this many bytes.
    public var maxBodyBytes = 8 * 1024 * 1024
    /// `X-Forwarded-Proto` sent to the target (the protocol of the load balancer listener).
    public var forwardedProto = "https"
    /// `X-Forwarded-Port` sent to the target (the listener port).
    public var forwardedPort = 443

    public init() {}

    /// The most one target's probe may take: idle timeout + 15 s (or 15 s + timeouts under `quick`).
    public var budget: Double {
        quick ? connectTimeout + handshakeTimeout + responseTimeout + 5 : idleTimeout + 15
    }

    /// Checks the ranges.
    ///
    /// - Throws: ``ProbeError/invalidConfiguration(field:value:expected:)`` naming the field.
    public func validate() throws(ProbeError) {
        func check(_ name: String, _ value: Double, _ range: ClosedRange<Double>) throws(ProbeError) {
            guard value.isFinite, range.contains(value) else {
                throw .invalidConfiguration(
                    field: name,
                    value: "\(value)",
                    expected: "a number of seconds from \(range.lowerBound) to \(range.upperBound)"
                )
            }
        }
        try check("idle timeout", idleTimeout, 1...4000)
        try check("connect timeout", connectTimeout, 0.05...120)
        try check("handshake timeout", handshakeTimeout, 0.05...120)
        try check("response timeout", responseTimeout, 0.05...600)
        try check("idle margin", idleMargin, 0...60)
        guard maxConcurrentTargets >= 1, maxConcurrentHandshakes >= 1 else {
            throw .invalidConfiguration(field: "concurrency", value: "\(maxConcurrentTargets)", expected: "at least 1")
        }
    }
}
