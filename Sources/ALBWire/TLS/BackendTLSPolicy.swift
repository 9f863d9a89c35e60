/// The TLS versions and cipher suites the load balancer offers to an HTTPS target (its back-end policy).
///
/// The back-end policy is not selectable: it is `ELBSecurityPolicy-2016-08` unless a listener uses a TLS 1.3
/// policy (then `ELBSecurityPolicy-TLS13-1-0-2021-06`) or a FIPS policy. The probe offers exactly these
/// versions and suites, minus what BoringSSL (the TLS library under NIOSSL) cannot offer; those are listed in
/// ``untestableSuites`` and reported.
public struct BackendTLSPolicy: Sendable, Hashable, Codable {
    /// The policy name, e.g. `ELBSecurityPolicy-2016-08`.
    public var name: String
    /// The protocol versions of the policy.
    public var versions: [TLSProtocolVersion]
    /// The TLS 1.0–1.2 cipher suites of the policy, OpenSSL names.
    public var suites: [String]
    /// `true` when the policy's cipher list is inferred rather than read from an AWS table (FIPS).
    public var isInferred = false

    /// Creates a policy from its name, versions and TLS 1.0–1.2 suites (OpenSSL names).
    public init(name: String, versions: [TLSProtocolVersion], suites: [String]) {
        self.name = name
        self.versions = versions.sorted()
        self.suites = suites
    }

    /// The policy suites BoringSSL can offer.
    public var testableSuites: [String] { suites.filter { Self.boringSSLSuites.contains($0) } }

    /// The policy suites BoringSSL cannot offer (the probe cannot tell whether the target accepts them).
    public var untestableSuites: [String] { suites.filter { !Self.boringSSLSuites.contains($0) } }

    /// Whether the policy includes TLS 1.3 (whose suites are fixed in BoringSSL).
    public var includesTLS13: Bool { versions.contains(.tls13) }

    /// TLS 1.0–1.2 suites that BoringSSL (as vendored by NIOSSL) can negotiate, OpenSSL names.
    ///
    /// BoringSSL dropped the CBC suites with SHA-256/384 MACs except `ECDHE-*-AES128-SHA256`, so
    /// `ECDHE-*-AES256-SHA384`, `AES128-SHA256` and `AES256-SHA256` cannot be offered.
    public static let boringSSLSuites: Set<String> = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
        "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA", "AES256-SHA", "DES-CBC3-SHA",
    ]

    /// Suites outside most back-end policies that the probe also tries, to say what the target *does* accept.
    public static let extraProbeSuites: [String] = [
        "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305", "DES-CBC3-SHA",
    ]

    /// The TLS 1.3 suites BoringSSL always offers (not configurable).
    public static let tls13Suites = [
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    ]
}
