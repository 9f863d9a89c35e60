/// An Elastic Load Balancing security policy: the TLS versions and cipher suites the load balancer
/// offers, as used on the front end (listener) and — through the mapping in
/// ``backEndPolicy(forListenerPolicy:)`` — towards HTTPS targets.
///
/// Sources (see `shared/reference/alb-facts.md` §6): the protocol and cipher tables of the AWS ALB user
/// guide, `awsdocs/elb-application-load-balancers-user-guide` `doc_source/create-https-listener.md` at
/// commit `fb242939` (2023-04-06), and the current "Security policies for your Application Load Balancer"
/// page (`describe-ssl-policies`) for the back-end mapping. Cipher order follows the AWS tables.
/// The FIPS policy's cipher list could not be read from a source; the entry for
/// `ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04` is **inferred** (FIPS-approved subset: no ChaCha20, no 3DES)
/// and marked by ``isInferred``. At run time `DescribeSSLPolicies` is the source of truth.
public struct ELBSecurityPolicy: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Full policy name (`ELBSecurityPolicy-2016-08`).
    public var name: String
    /// Protocol versions the policy allows.
    public var versions: [TLSVersion]
    /// Cipher suites the policy allows, in the policy's preference order.
    public var cipherSuites: [TLSCipherSuite]
    /// `true` when the cipher list is inferred rather than read from an AWS table.
    public var isInferred: Bool

    /// Creates a policy.
    public init(name: String, versions: [TLSVersion], cipherSuites: [TLSCipherSuite], isInferred: Bool = false) {
        self.name = name
        self.versions = versions
        self.cipherSuites = cipherSuites
        self.isInferred = isInferred
    }

    /// The policy name.
    public var description: String { name }

    /// `true` when the policy allows `version`.
    public func allows(_ version: TLSVersion) -> Bool { versions.contains(version) }

    /// `true` when the policy allows the suite with this code point.
    public func allows(cipherSuite code: UInt16) -> Bool { cipherSuites.contains { $0.code == code } }

    /// The OpenSSL cipher string for TLS ≤ 1.2 (`openssl s_client -cipher …`), colon-separated.
    public var openSSLCipherList: String {
        cipherSuites.filter { !$0.isTLS13 }.map(\.openSSLName).joined(separator: ":")
    }

    /// The OpenSSL TLS 1.3 suite string (`openssl s_client -ciphersuites …`); empty without TLS 1.3.
    public var openSSLTLS13CipherSuites: String {
        cipherSuites.filter(\.isTLS13).map(\.openSSLName).joined(separator: ":")
    }

    // MARK: - Lookup

    /// The policy with this name; the `ELBSecurityPolicy-` prefix is optional and case is ignored.
    public static func named(_ name: String) -> ELBSecurityPolicy? {
        let lowered = name.lowercased()
        let full = lowered.hasPrefix("elbsecuritypolicy-") ? lowered : "elbsecuritypolicy-" + lowered
        return all.first { $0.name.lowercased() == full }
    }

    /// The back-end policy the load balancer uses towards HTTPS targets for a listener policy
    /// (documented: TLS 1.3 listener policy → `TLS13-1-0-2021-06`; FIPS → `TLS13-1-0-FIPS-2023-04`;
    /// anything else, or no HTTPS listener → `2016-08`).
    public static func backEndPolicy(forListenerPolicy listenerPolicy: String?) -> ELBSecurityPolicy {
        guard let name = listenerPolicy?.uppercased() else { return .policy2016_08 }
        if name.contains("FIPS") { return .tls13_1_0_FIPS_2023_04 }
        if name.contains("TLS13") { return .tls13_1_0_2021_06 }
        return .policy2016_08
    }

    /// The default back-end policy: `ELBSecurityPolicy-2016-08`.
    public static var defaultBackEnd: ELBSecurityPolicy { .policy2016_08 }

    // MARK: - Tables

    private static func suites(_ names: [String]) -> [TLSCipherSuite] {
        names.compactMap { TLSCipherSuite.named($0) }
    }

    private static let tls13Suites = [
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    ]
    private static let ecdheGCM = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
    ]
    private static let ecdheCBCSHA2 = [
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
    ]
    private static let ecdheCBCSHA1 = [
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA",
    ]
    private static let rsaSHA2 = ["AES128-GCM-SHA256", "AES128-SHA256", "AES256-GCM-SHA384", "AES256-SHA256"]
    private static let rsaSHA1 = ["AES128-SHA", "AES256-SHA"]

    /// The 2016-08 cipher list in AWS table order (also 2015-05, TLS-1-1-2017-01, TLS-1-2-Ext-2018-06).
    private static let list2016 = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
        "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA",
        "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA",
        "AES256-GCM-SHA384", "AES256-SHA256", "AES256-SHA",
    ]
    private static let ext2Set = tls13Suites + ecdheGCM + ecdheCBCSHA2 + ecdheCBCSHA1 + rsaSHA2 + rsaSHA1

    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// `ELBSecurityPolicy-2016-08`: TLS 1.0–1.2, no TLS 1.3 (the default back-end policy).
    public static let policy2016_08 = ELBSecurityPolicy(
        name: "ELBSecurityPolicy-2016-08",
        versions: [.tls10, .tls11, .tls12],
        cipherSuites: suites(list2016)
    )
    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// `ELBSecurityPolicy-TLS13-1-0-2021-06`: TLS 1.0–1.3 (back end behind a TLS 1.3 listener policy).
    public static let tls13_1_0_2021_06 = ELBSecurityPolicy(
        name: "ELBSecurityPolicy-TLS13-1-0-2021-06",
        versions: [.tls10, .tls11, .tls12, .tls13],
        cipherSuites: suites(ext2Set)
    )
    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// `ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04` (back end behind a FIPS listener policy). **Inferred**
    /// cipher list: the FIPS-approved subset of TLS13-1-0-2021-06 (no ChaCha20-Poly1305).
    public static let tls13_1_0_FIPS_2023_04 = ELBSecurityPolicy(
        name: "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
        versions: [.tls10, .tls11, .tls12, .tls13],
        cipherSuites: suites(ext2Set.filter { !$0.contains("CHACHA20") }),
        isInferred: true
    )

    /// Every policy in the table.
    public static let all: [ELBSecurityPolicy] = [
        policy2016_08,
        tls13_1_0_2021_06,
        tls13_1_0_FIPS_2023_04,
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-2015-05",
            versions: [.tls10, .tls11, .tls12],
            cipherSuites: suites(list2016)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS13-1-3-2021-06",
            versions: [.tls13],
            cipherSuites: suites(tls13Suites)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            versions: [.tls12, .tls13],
            cipherSuites: suites(tls13Suites + ecdheGCM)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            versions: [.tls12, .tls13],
            cipherSuites: suites(tls13Suites + ecdheGCM + ecdheCBCSHA2)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
            versions: [.tls12, .tls13],
            cipherSuites: suites(tls13Suites + ecdheGCM + ecdheCBCSHA2 + rsaSHA2)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
            versions: [.tls12, .tls13],
            cipherSuites: suites(ext2Set)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS13-1-1-2021-06",
            versions: [.tls11, .tls12, .tls13],
            cipherSuites: suites(ext2Set)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-FS-1-2-Res-2020-10",
            versions: [.tls12],
            cipherSuites: suites(ecdheGCM)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-FS-1-2-Res-2019-08",
            versions: [.tls12],
            cipherSuites: suites(ecdheGCM + ecdheCBCSHA2)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-FS-1-2-2019-08",
            versions: [.tls12],
            cipherSuites: suites(ecdheGCM + ecdheCBCSHA2 + ecdheCBCSHA1)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-FS-1-1-2019-08",
            versions: [.tls11, .tls12],
            cipherSuites: suites(ecdheGCM + ecdheCBCSHA2 + ecdheCBCSHA1)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-FS-2018-06",
            versions: [.tls10, .tls11, .tls12],
            cipherSuites: suites(ecdheGCM + ecdheCBCSHA2 + ecdheCBCSHA1)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            versions: [.tls12],
            cipherSuites: suites(list2016)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS-1-2-2017-01",
            versions: [.tls12],
            cipherSuites: suites(list2016.filter { !($0.hasSuffix("-SHA")) })
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS-1-1-2017-01",
            versions: [.tls11, .tls12],
            cipherSuites: suites(list2016)
        ),
        ELBSecurityPolicy(
            name: "ELBSecurityPolicy-TLS-1-0-2015-04",
            versions: [.tls10, .tls11, .tls12],
            cipherSuites: suites(list2016 + ["DES-CBC3-SHA"])
        ),
    ]
}
