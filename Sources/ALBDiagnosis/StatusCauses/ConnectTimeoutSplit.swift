/// The 504 `connect-timeout` lines split by whether the target speaks TLS (port 443/8443/9443, or a
/// target group whose name says https/tls/ssl): a TCP connection that never completes and a TLS
/// handshake that never completes both end at the fixed 10 s, so the target's protocol decides
/// which reading comes first.
///
/// The timeouts of targets that left while registered (``TargetDepartures``: the target's address stopped
/// answering at the end of its traffic) are the stop's, not a network or TLS cause's: they are left out and
/// counted in `departed`.
struct ConnectTimeoutSplit {
    var tls = 0
    var plain = 0
    var tlsTargets: [String: Int] = [:]
    var plainTargets: [String: Int] = [:]
    /// Timeouts on targets that left, not counted above.
    var departed = 0

    init(_ stats: StatusSignatureStats, excluding departures: [TargetDepartures.Departure] = []) {
        let tlsGroup = stats.targetGroups.keys.contains { name in
            ["https", "tls", "ssl"].contains { name.lowercased().contains($0) }
        }
        let groupsAllTLS = tlsGroup && stats.targetGroups.count == 1
        let leftWith = Dictionary(
            departures.map { ($0.target.target, $0.timedOut) },
            uniquingKeysWith: +
        )
        for (target, all) in stats.targets {
            let gone = min(all, leftWith[target] ?? 0)
            departed += gone
            let n = all - gone
            guard n > 0 else { continue }
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
