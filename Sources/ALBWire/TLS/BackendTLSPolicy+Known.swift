extension BackendTLSPolicy {
    /// The probe's view of an ELB security policy from the shared table.
    public init(_ policy: ELBSecurityPolicy) {
        self.init(
            name: policy.name,
            versions: policy.versions.compactMap { TLSProtocolVersion(wireValue: $0.rawValue) },
            suites: policy.cipherSuites.filter { !$0.isTLS13 }.map(\.openSSLName)
        )
        self.isInferred = policy.isInferred
    }

    /// `ELBSecurityPolicy-2016-08`: the back-end policy unless a listener uses a TLS 1.3 or FIPS policy.
    public static let elbSecurityPolicy201608 = BackendTLSPolicy(ELBSecurityPolicy.policy2016_08)

    /// The back-end policy for a listener policy (TLS 1.3 listener → `TLS13-1-0-2021-06`, FIPS → FIPS, else 2016-08).
    public static func backEnd(forListenerPolicy listenerPolicy: String?) -> BackendTLSPolicy {
        BackendTLSPolicy(ELBSecurityPolicy.backEndPolicy(forListenerPolicy: listenerPolicy))
    }

    /// The policy with this name (with or without the `ELBSecurityPolicy-` prefix, any case).
    ///
    /// - Throws: ``ProbeError/unknownBackendPolicy(name:known:)`` listing the known names.
    public static func named(_ name: String) throws(ProbeError) -> BackendTLSPolicy {
        guard let policy = ELBSecurityPolicy.named(name) else {
            throw .unknownBackendPolicy(name: name, known: ELBSecurityPolicy.all.map(\.name))
        }
        return BackendTLSPolicy(policy)
    }
}
