import ALBAccessLog
import ALBWire

/// `target-keepalive-timeout`: the target closes idle pooled connections before the load balancer
/// does, so a request sent on one just as it closes fails. In the logs: rare no-valid-response 502s
/// (and possibly not-dispatched ones) spread over all targets and paths, answered within
/// milliseconds.
public struct TargetKeepaliveTimeoutCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .targetKeepaliveTimeout }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Target keep-alive timeout shorter than the load balancer idle timeout" }
    public var probeable: Bool { true }
    public var probeOutcome: String? {
        "it times how long each target keeps an idle connection against the idle timeout"
    }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? { AccessLogReading().evaluate(context) }
    public func weigh(_ context: CombinedContext, findings: inout [CauseID: Finding]) {
        AWSReading().apply(context, to: &findings)
    }
    public func fromProbe(_ observation: ProbeResult) -> Finding? { ProbeReading().evaluate(observation) }
    public func probeHealthy(_ observation: ProbeResult) -> String? {
        guard let keepAlive = observation.keepAlive else { return nil }
        switch keepAlive.outcome {
        case .stayedOpen: return "kept the idle connection open"
        case .closedByTarget where (keepAlive.idleSeconds ?? 0) >= observation.idleTimeout:
            return "closed the idle connection only after the idle timeout"
        default: return nil
        }
    }
    public func fromCapture(_ analysis: CaptureAnalysis) -> Finding? {
        CaptureReading.findings(for: analysis).first
    }
}

extension TargetKeepaliveTimeoutCause {
    /// `target-keepalive-timeout`: the target closes idle pooled connections before the load balancer
    /// does, so a request sent on one just as it closes fails. In the logs: rare no-valid-response 502s
    /// (and possibly not-dispatched ones) spread over all targets and paths, answered within
    /// milliseconds.
    struct AccessLogReading {
        public init() {}
        public var cause: CauseID { .targetKeepaliveTimeout }

        public func evaluate(_ context: DiagnosisContext) -> Finding? {
            let nvr = context.noValidResponse
            let nd = context.notDispatched
            let count = nvr.remaining + nd.spread
            guard count > 0 else { return nil }
            var evidence: [Evidence] = []
            var confidence = 0.3
            if nvr.remaining > 0 {
                let fastShare = Double(nvr.remainingFast) / Double(nvr.remaining)
                let spread = nvr.remainingTargets >= 3 && nvr.remainingMaxTargetShare <= 0.5
                let rare = nvr.remainingRate < 0.02
                if fastShare >= 0.6 { confidence += 0.2 }
                if spread { confidence += 0.15 }
                if rare { confidence += 0.05 }
                evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary:
                            "\(nvr.remaining) no-valid-response 502s (dispatched, no target status) outside any burst or concentrated path: \(Phrase.percent(nvr.remainingRate)) of the remaining requests, on \(nvr.remainingTargets) targets (at most \(Phrase.percent(nvr.remainingMaxTargetShare)) on one); \(Phrase.share(nvr.remainingFast, of: nvr.remaining)) had target_processing_time under 10 ms — the connection died as the request went out.",
                        details: [
                            "count": String(nvr.remaining), "fast": String(nvr.remainingFast),
                            "targets": String(nvr.remainingTargets), "rate": Phrase.percent(nvr.remainingRate),
                        ],
                        examples: examples(context)
                    )
                )
            }
            if nd.spread > 0 {
                evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary:
                            "\(nd.spread) not-dispatched 502s (-1 -1 -1) spread thinly over \(nd.spreadTargets) targets: AWS documents this pattern both for a refused connection and for a target that closed a reused keep-alive connection.",
                        details: ["count": String(nd.spread), "targets": String(nd.spreadTargets)]
                    )
                )
            }
            return Finding(
                id: cause,
                confidence: min(0.75, confidence),
                count: count,
                evidence: evidence,
                confirm: [
                    "Compare the target server's idle keep-alive timeout with the load balancer's idle timeout (`aws elbv2 describe-load-balancer-attributes`, key idle_timeout.timeout_seconds, default 60 s): the target's must be longer.",
                    "CloudWatch TargetConnectionErrorCount stays flat while these 502s occur (the connection existed; only new connections that fail count there).",
                    "`alb-doctor probe` keep-alive timing against a target shows how long it keeps an idle connection open.",
                    "A capture on a target (`sudo tcpdump -i any -w keepalive.pcap 'tcp port <port>'`) shows the target's FIN or RST on an idle connection crossing the load balancer's next request.",
                ],
                fix: [
                    "Set the target's keep-alive idle timeout above the load balancer idle timeout (e.g. 65 s with the default 60 s). Defaults that are too short: Apache KeepAliveTimeout 5 s, Node.js server.keepAliveTimeout 5 s before v26 (raise headersTimeout above it too), gunicorn --keep-alive 2 s, uvicorn --timeout-keep-alive 5 s, Tomcat keepAliveTimeout (20 s in the stock server.xml), Puma persistent_timeout 20 s on older versions, Go http.Server IdleTimeout (falls back to ReadTimeout). nginx keepalive_timeout defaults to 75 s, which is fine unless the idle timeout was raised to 75 s or more.",
                    "Or lower the load balancer idle timeout below the target's keep-alive timeout.",
                ],
                alternatives: nd.spread > 0 ? [.targetRefusedConnection] : []
            )
        }

        private func examples(_ context: DiagnosisContext) -> [String] {
            let burstTargets = Set(context.noValidResponse.bursts.map(\.target.target))
            let clusterPaths = Set(context.noValidResponse.paths.map(\.path))
            var out: [String] = []
            for row in context.logs.targetRows
            where row.stats.fastNoValidResponse > 0 && !burstTargets.contains(row.key) {
                for line in row.stats.examples.lines where line.contains(" 502 - ") {
                    let path = PathNormalizer.path(ofRequest: Self.requestField(of: line))
                    if !clusterPaths.contains(path) && !line.contains(" -1 -1 -1 ") {
                        out.append(line)
                        break
                    }
                }
                if out.count >= 2 { break }
            }
            return out
        }

        /// The quoted request field of a raw line (the first quoted field).
        static func requestField(of line: String) -> String {
            guard let open = line.firstIndex(of: "\"") else { return "" }
            let rest = line[line.index(after: open)...]
            guard let close = rest.firstIndex(of: "\"") else { return String(rest) }
            return String(rest[..<close])
        }
    }

    /// `target-keepalive-timeout` from a probe: the target closed an idle keep-alive connection sooner than the
    /// load balancer's idle timeout (measured), or advertises such a timeout (`Keep-Alive: timeout=`, `--quick`).
    struct ProbeReading {
        public init() {}
        public var cause: CauseID { .targetKeepaliveTimeout }

        public func evaluate(_ observation: ProbeResult) -> Finding? {
            let address = observation.address ?? observation.target.url
            let idle = observation.idleTimeout
            let server = observation.response?.server
            if let keepAlive = observation.keepAlive, keepAlive.outcome == .closedByTarget,
                let measured = keepAlive.idleSeconds, measured < idle
            {
                let how =
                    keepAlive.closeKind == .reset
                    ? "reset it (TCP RST)"
                    : keepAlive.closeKind == .tlsCloseNotify
                        ? "closed it (TLS close_notify + TCP FIN)" : "closed it (TCP FIN)"
                var details: [String: String] = [
                    "target": observation.target.url, "address": address,
                    "measured_idle_seconds": Phrase.seconds((measured * 100).rounded() / 100),
                    "idle_timeout_seconds": Phrase.seconds(idle), "close": keepAlive.closeKind?.rawValue ?? "fin",
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
                    "target": observation.target.url, "address": address,
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

    /// `target-keepalive-timeout` from a capture: the target closing pooled connections sooner than the
    /// load balancer's idle timeout, and requests that met the target's FIN or RST.
    enum CaptureReading {
        /// The finding, if the target closes idle connections before the idle timeout or a request met a close.
        public static func findings(for o: CaptureAnalysis) -> [Finding] {
            let races = o.http.requestsOutstandingAtTargetClose + o.http.requestsAfterTargetFIN
            guard o.targetIdleClosesBelowIdleTimeout > 0 || races > 0 else { return [] }
            var evidence: [Evidence] = []
            if o.targetIdleClosesBelowIdleTimeout > 0, let d = o.targetIdleCloseSeconds {
                evidence.append(
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "The target closed \(CaptureText.share(o.targetIdleClosesBelowIdleTimeout, of: o.keepAlive.targetIdleClose.count)) idle keep-alive connections before the \(CaptureText.seconds(o.idleTimeoutSeconds)) load balancer idle timeout: after min \(CaptureText.seconds(d.minimum)), median \(CaptureText.seconds(d.median)), p90 \(CaptureText.seconds(d.p90)), max \(CaptureText.seconds(d.maximum)) idle"
                            + (o.keepAlive.targetIdleCloseWithRST > 0
                                ? " (\(o.keepAlive.targetIdleCloseWithRST) with RST)" : ""),
                        details: [
                            "target_idle_closes": String(o.keepAlive.targetIdleClose.count),
                            "below_idle_timeout": String(o.targetIdleClosesBelowIdleTimeout),
                            "median_seconds": String(d.median),
                            "idle_timeout_seconds": String(o.idleTimeoutSeconds),
                        ],
                        examples: o.keepAlive.targetIdleCloseExamples.map(\.line)
                    )
                )
            }
            if races > 0 {
                evidence.append(
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "\(o.http.requestsOutstandingAtTargetClose) request(s) were outstanding when the target closed or reset the connection, \(o.http.requestsAfterTargetFIN) sent after the target's FIN: the load balancer answers these with 502.",
                        details: [
                            "requests_outstanding_at_close": String(o.http.requestsOutstandingAtTargetClose),
                            "requests_after_target_fin": String(o.http.requestsAfterTargetFIN),
                        ],
                        examples: o.http.outstandingExamples.map(\.line)
                    )
                )
            }
            if !o.keepAlive.announcedTimeouts.isEmpty {
                evidence.append(
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "The target announces `Keep-Alive: timeout=` \(CaptureText.list(o.keepAlive.announcedTimeouts)) (seconds: responses)."
                    )
                )
            }
            let confidence: Double =
                races > 0 && o.targetIdleClosesBelowIdleTimeout > 0 ? 0.9 : races > 0 ? 0.7 : 0.6
            let suggested = Int(o.idleTimeoutSeconds.rounded(.up)) + 5
            return [
                Finding(
                    id: .targetKeepaliveTimeout,
                    confidence: confidence,
                    count: races > 0
                        ? max(o.http.requestsOutstandingAtTargetClose, o.http.requestsAfterTargetFIN)
                        : o.targetIdleClosesBelowIdleTimeout,
                    evidence: evidence,
                    confirm: [
                        "Access log: 502s with target_status_code `-`, short target_processing_time, on targets with this server; they come in bursts after quiet periods.",
                        "Compare the target server's keep-alive setting with the load balancer attribute idle_timeout.timeout_seconds (\(CaptureText.seconds(o.idleTimeoutSeconds))).",
                    ],
                    fix: [
                        "Set the target's keep-alive (idle) timeout above the load balancer idle timeout, e.g. \(suggested) s: nginx `keepalive_timeout \(suggested)s;`, Apache `KeepAliveTimeout \(suggested)`, Node.js `server.keepAliveTimeout = \(suggested * 1000)` (and `headersTimeout` above it), gunicorn `--keep-alive \(suggested)`.",
                        "Or lower the load balancer idle timeout below the target's.",
                    ],
                    alternatives: races > 0 && o.targetIdleClosesBelowIdleTimeout == 0 ? [.targetApplication502] : []
                )
            ]
        }
    }

    /// The load balancer's idle timeout and the connection-error metric against the keep-alive finding.
    struct AWSReading {
        public init() {}

        public func apply(_ context: CombinedContext, to findings: inout [CauseID: Finding]) {
            let inputs = context.inputs
            let idle = inputs.loadBalancer?.idleTimeoutSeconds
            var config: [Evidence] = []
            if let idle {
                config.append(
                    Evidence(
                        source: .configuration,
                        summary:
                            "The load balancer's idle timeout is \(idle) s (idle_timeout.timeout_seconds): every target must keep idle connections open longer than that, e.g. \(idle + 5) s.",
                        details: ["idle_timeout_seconds": String(idle)]
                    )
                )
            }
            let connections = inputs.total("TargetConnectionErrorCount")
            let tls = inputs.total("TargetTLSNegotiationErrorCount")
            if var finding = findings[.targetKeepaliveTimeout] {
                var added = config
                var minimum = finding.confidence
                if let tls, tls > 0 {
                    added.append(
                        Evidence(
                            source: .metric,
                            summary:
                                "CloudWatch TargetTLSNegotiationErrorCount: \(tls) — TLS handshakes to targets failed in the window, which also gives not-dispatched 502s; the keep-alive reading is weaker.",
                            details: ["metric": "TargetTLSNegotiationErrorCount", "total": String(tls)]
                        )
                    )
                    finding.weaken(by: 0.2, adding: [])
                    minimum = finding.confidence
                    if !finding.alternatives.contains(.targetTLSHandshakeFailed) {
                        finding.alternatives.append(.targetTLSHandshakeFailed)
                    }
                } else if connections == 0 {
                    added.append(
                        Evidence(
                            source: .metric,
                            summary:
                                "CloudWatch TargetConnectionErrorCount has no data point in the window (read as 0): no new connection failed, as expected when targets close reused keep-alive connections.",
                            details: ["metric": "TargetConnectionErrorCount", "total": "0"]
                        )
                    )
                    minimum = max(minimum, 0.8)
                }
                if let idle {
                    finding.fix.insert(
                        "Set every target's keep-alive idle timeout above this load balancer's \(idle) s idle timeout (e.g. \(idle + 5) s), or lower the idle timeout below the targets' keep-alive timeout.",
                        at: 0
                    )
                }
                finding.strengthen(to: minimum, adding: added)
                findings[.targetKeepaliveTimeout] = finding
                return
            }
            // Without logs: ELB 502s with no connection or TLS error and no Lambda target fit keep-alive best.
            guard context.logs == nil, let elb502 = inputs.total("HTTPCode_ELB_502_Count"), elb502 > 0,
                connections == 0, tls ?? 0 == 0,
                !(inputs.targetGroups ?? []).contains(where: \.isLambda)
            else { return }
            let metric = Evidence(
                source: .metric,
                summary:
                    "CloudWatch: \(elb502) HTTPCode_ELB_502_Count while TargetConnectionErrorCount\(tls == nil ? "" : " and TargetTLSNegotiationErrorCount") had no data point (read as 0): connections were made, then the targets gave no valid response.",
                details: ["elb_502": String(elb502), "target_connection_errors": "0"]
            )
            findings[.targetKeepaliveTimeout] = Finding(
                id: .targetKeepaliveTimeout,
                confidence: 0.35,
                count: elb502,
                evidence: [metric] + config,
                confirm: [
                    "Access logs of the same minutes: no-valid-response 502s spread over all targets with target_processing_time under 10 ms (enable access logs, or pass --logs).",
                    "`alb-doctor probe --load-balancer \(inputs.loadBalancer?.name ?? "<name>")` measures how long each target keeps an idle connection.",
                ],
                fix: [
                    "Set every target's keep-alive idle timeout above the load balancer idle timeout\(idle.map { " (\($0) s)" } ?? "")."
                ],
                alternatives: [.targetMalformedResponse, .targetDeregistered]
            )
        }
    }
}

extension String {
    /// Two-digit zero-padded number.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
