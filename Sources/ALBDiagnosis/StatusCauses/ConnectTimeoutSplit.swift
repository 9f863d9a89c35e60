/// The 504 `connect-timeout` lines split by whether the target speaks TLS (port 443/8443/9443, or a
/// target group whose name says https/tls/ssl): a TCP connection that never completes and a TLS
/// handshake that never completes both end at the fixed 10 s, so the target's protocol decides
/// which reading comes first.
struct ConnectTimeoutSplit {
    var tls = 0
    var plain = 0
    var tlsTargets: [String: Int] = [:]
    var plainTargets: [String: Int] = [:]

    init(_ stats: StatusSignatureStats) {
        let tlsGroup = stats.targetGroups.keys.contains { name in
            ["https", "tls", "ssl"].contains { name.lowercased().contains($0) }
        }
        let groupsAllTLS = tlsGroup && stats.targetGroups.count == 1
        for (target, n) in stats.targets {
            if StatusCauseSupport.isTLSPort(target) || groupsAllTLS {
                tls += n
                tlsTargets[target] = n
            } else {
                plain += n
                plainTargets[target] = n
            }
        }
    }
}
