extension BackendTLSPolicy {
    private static let suites2016 = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
        "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA",
        "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA",
        "AES256-GCM-SHA384", "AES256-SHA256", "AES256-SHA",
    ]

    /// `ELBSecurityPolicy-2016-08`: the back-end policy unless a listener uses a TLS 1.3 or FIPS policy.
    public static let elb2016_08 = BackendTLSPolicy(
        name: "ELBSecurityPolicy-2016-08",
        versions: [.tls1_0, .tls1_1, .tls1_2],
        suites: suites2016
    )

    /// `ELBSecurityPolicy-TLS13-1-0-2021-06`: the back-end policy when a listener uses a TLS 1.3 policy.
    public static let elbTLS13_1_0_2021_06 = BackendTLSPolicy(
        name: "ELBSecurityPolicy-TLS13-1-0-2021-06",
        versions: [.tls1_0, .tls1_1, .tls1_2, .tls1_3],
        suites: suites2016
    )

    /// The policies this build knows by name.
    public static let known: [BackendTLSPolicy] = [.elb2016_08, .elbTLS13_1_0_2021_06]

    /// The policy with this name (with or without the `ELBSecurityPolicy-` prefix).
    ///
    /// - Throws: ``ProbeError/unknownBackendPolicy(name:known:)`` listing the known names.
    public static func named(_ name: String) throws(ProbeError) -> BackendTLSPolicy {
        let wanted = name.hasPrefix("ELBSecurityPolicy-") ? name : "ELBSecurityPolicy-" + name
        guard let policy = known.first(where: { $0.name.lowercased() == wanted.lowercased() }) else {
            throw .unknownBackendPolicy(name: name, known: known.map(\.name))
        }
        return policy
    }
}
