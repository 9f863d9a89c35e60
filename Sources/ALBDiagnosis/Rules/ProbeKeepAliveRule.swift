/// `target-keepalive-timeout` from a probe: the target closed an idle keep-alive connection sooner than the
/// load balancer's idle timeout (measured), or advertises such a timeout (`Keep-Alive: timeout=`, `--quick`).
public struct ProbeKeepAliveRule: ProbeRule {
    public init() {}
    public var cause: CauseID { .targetKeepaliveTimeout }

    public func evaluate(_ observation: ProbeObservation) -> Finding? {
        let address = observation.address ?? observation.target
        let idle = observation.idleTimeout
        let server = observation.response?.server
        if let keepAlive = observation.keepAlive, keepAlive.outcome == .closedByTarget,
            let measured = keepAlive.idleSeconds, measured < idle
        {
            let how =
                keepAlive.closeKind == "reset"
                ? "reset it (TCP RST)"
                : keepAlive.closeKind == "tls-close-notify"
                    ? "closed it (TLS close_notify + TCP FIN)" : "closed it (TCP FIN)"
            var details: [String: String] = [
                "target": observation.target, "address": address,
                "measured_idle_seconds": Phrase.seconds((measured * 100).rounded() / 100),
                "idle_timeout_seconds": Phrase.seconds(idle), "close": keepAlive.closeKind ?? "fin",
            ]
            if let server { details["server"] = server }
            if let advertised = observation.response?.advertisedKeepAliveTimeout {
                details["advertised_timeout_seconds"] = String(advertised)
            }
            return Finding(
                id: cause,
                title:
                    "Target \(address) closes idle keep-alive connections after \(Phrase.seconds((measured * 10).rounded() / 10)) s, before the load balancer idle timeout of \(Phrase.seconds(idle)) s",
                confidence: 0.9,
                count: 0,
                evidence: [
                    Evidence(
                        source: .probe,
                        summary:
                            "After a complete response on a kept-alive connection the probe stayed idle; the target \(how) after \(Phrase.seconds((measured * 100).rounded() / 100)) s (±0.2 s), sooner than the load balancer idle timeout of \(Phrase.seconds(idle)) s. A request the load balancer sends on such a pooled connection as it closes gets a 502.",
                        details: details
                    )
                ],
                confirm: confirm(idle: idle),
                fix: fix(server: server, measured: measured, idle: idle),
                alternatives: []
            )
        }
        if let keepAlive = observation.keepAlive, keepAlive.outcome == .skipped,
            let advertised = observation.response?.advertisedKeepAliveTimeout, Double(advertised) < idle
        {
            var details: [String: String] = [
                "target": observation.target, "address": address,
                "advertised_timeout_seconds": String(advertised), "idle_timeout_seconds": Phrase.seconds(idle),
            ]
            if let server { details["server"] = server }
            return Finding(
                id: cause,
                title:
                    "Target \(address) advertises a keep-alive timeout of \(advertised) s, below the load balancer idle timeout of \(Phrase.seconds(idle)) s",
                confidence: 0.6,
                count: 0,
                evidence: [
                    Evidence(
                        source: .probe,
                        summary:
                            "The response carries `Keep-Alive: timeout=\(advertised)`, shorter than the load balancer idle timeout of \(Phrase.seconds(idle)) s (not measured: --quick).",
                        details: details
                    )
                ],
                confirm: [
                    "Run the probe without --quick to measure when the target actually closes an idle connection."
                ] + confirm(idle: idle),
                fix: fix(server: server, measured: Double(advertised), idle: idle),
                alternatives: []
            )
        }
        return nil
    }

    private func confirm(idle: Double) -> [String] {
        [
            "The 502s are rare, spread over targets, and answered within milliseconds (target_processing_time close to 0 with no target status).",
            "The load balancer idle timeout: `aws elbv2 describe-load-balancer-attributes --load-balancer-arn <arn>` (idle_timeout.timeout_seconds; the probe compared with \(Phrase.seconds(idle)) s, set with --idle-timeout).",
        ]
    }

    /// The settings to change, the one matching the `Server` header first.
    func fix(server: String?, measured: Double, idle: Double) -> [String] {
        let wanted = Int(idle.rounded(.up)) + 5
        let settings: [(match: String, text: String)] = [
            ("nginx", "nginx: `keepalive_timeout \(wanted)s;` (http/server block; default 75 s)"),
            ("apache", "Apache httpd: `KeepAliveTimeout \(wanted)` (default 5 s)"),
            (
                "node",
                "Node.js: `server.keepAliveTimeout = \(wanted * 1000)` and `server.headersTimeout = \(wanted * 1000 + 1000)` (default 5 s before v26)"
            ),
            (
                "express",
                "Node.js/Express: `server.keepAliveTimeout = \(wanted * 1000)` and `server.headersTimeout = \(wanted * 1000 + 1000)`"
            ),
            (
                "gunicorn",
                "gunicorn: `--keep-alive \(wanted)` (default 2 s; not with the sync worker, which does not keep connections)"
            ),
            ("uvicorn", "uvicorn: `--timeout-keep-alive \(wanted)` (default 5 s)"),
            (
                "tomcat",
                "Tomcat: `keepAliveTimeout=\"\(wanted * 1000)\"` on the HTTP Connector (defaults to connectionTimeout, 20 s in the stock server.xml); Spring Boot `server.tomcat.keep-alive-timeout=\(wanted)s`"
            ),
            ("jetty", "Jetty: connector `idleTimeout` \(wanted * 1000) ms"),
            ("puma", "Puma: `persistent_timeout \(wanted)` (20 s on older versions)"),
            ("kestrel", "Kestrel: `KestrelServerLimits.KeepAliveTimeout = TimeSpan.FromSeconds(\(wanted))`"),
            (
                "microsoft-iis",
                "IIS: site `<limits connectionTimeout=\"00:\(String(format2: wanted / 60)):\(String(format2: wanted % 60))\"/>`"
            ),
            (
                "go",
                "Go net/http: `http.Server{IdleTimeout: \(wanted) * time.Second}` (setting only ReadTimeout also sets the idle timeout)"
            ),
        ]
        let lowered = server?.lowercased() ?? ""
        let matching = settings.filter { lowered.contains($0.match) }.map(\.text)
        let others = settings.filter { !lowered.contains($0.match) }.map(\.text)
        var fix = [
            "Make the target keep idle connections open longer than the load balancer idle timeout (\(Phrase.seconds(idle)) s), e.g. \(wanted) s; it closed after \(Phrase.seconds((measured * 10).rounded() / 10)) s."
        ]
        if !matching.isEmpty {
            fix.append("This target says `Server: \(server ?? "")`: " + matching.joined(separator: "; ") + ".")
        }
        fix.append(
            "The setting per server: "
                + (matching.isEmpty ? others : others.prefix(6).map { $0 }).joined(separator: "; ") + "."
        )
        fix.append(
            "Or lower the load balancer idle timeout below \(Phrase.seconds((measured * 10).rounded(.down) / 10)) s (`aws elbv2 modify-load-balancer-attributes … idle_timeout.timeout_seconds`)."
        )
        return fix
    }
}

extension String {
    /// Two-digit zero-padded number.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
