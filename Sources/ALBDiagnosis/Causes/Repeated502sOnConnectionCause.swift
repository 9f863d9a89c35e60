import ALBAccessLog

/// `repeated-502s-on-connection`: many 502s on one client keep-alive connection (the access log's
/// `conn_trace_id`, joined with the connection log's line for that connection): one client retrying on the
/// same connection, so the count of 502s overstates how many clients were hurt, and the client may be
/// retrying in a tight loop.
///
/// It claims no error (count 0): the 502s are explained by what failed at the targets; this finding says how
/// they spread over clients. Read only when connection logs were read (the access log alone has the id, the
/// connection log says which client and TLS session it was).
public struct Repeated502sOnConnectionCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .repeated502sOnConnection }
    public var statusCodes: Set<Int> { [502] }
    public var title: String { "Many 502s on the same client connection (keep-alive retries)" }

    /// 502s on one connection from which it counts.
    static let minimum502s = 5

    public func fromLogs(_ context: DiagnosisContext) -> Finding? {
        guard let connections = context.loadBalancerLogs?.connections else { return nil }
        let rows = context.logs.connection502Rows.filter { $0.stats.elb502 >= Self.minimum502s }
            .sorted { $0.stats.elb502 != $1.stats.elb502 ? $0.stats.elb502 > $1.stats.elb502 : $0.key < $1.key }
        guard !rows.isEmpty else { return nil }
        let repeated = rows.reduce(0) { $0 + $1.stats.elb502 }
        var evidence = [
            Evidence(
                source: .accessLog,
                summary:
                    "\(repeated) of the \(context.logs.elb502) ELB 502s came on \(rows.count) client connection\(rows.count == 1 ? "" : "s") with at least \(Self.minimum502s) 502s each (conn_trace_id).",
                details: [
                    "elb_502": String(repeated), "connections": String(rows.count),
                    "minimum_per_connection": String(Self.minimum502s),
                ]
            )
        ]
        for row in rows.prefix(5) {
            let s = row.stats
            let traced = connections.traced[row.key]
            var summary =
                "Connection \(row.key): \(Phrase.count502(s.elb502)) between \(Phrase.time(s.span.first)) and \(Phrase.time(s.span.last)) from \(s.client) to \(Phrase.list(s.targets))"
            var details = [
                "conn_trace_id": row.key, "elb_502": String(s.elb502), "client": s.client,
                "targets": s.targets.joined(separator: ","),
            ]
            var examples = s.example.map { [$0] } ?? []
            if let traced {
                summary +=
                    "; the connection log has it opened at \(Phrase.time(traced.opened)) by \(traced.client) on port \(traced.listenerPort)"
                    + (traced.tlsProtocol.map { " (\($0))" } ?? "") + "."
                details["opened"] = Phrase.time(traced.opened)
                details["listener_port"] = String(traced.listenerPort)
                examples.append(traced.line)
            } else {
                summary += "; the connection logs read have no line for it."
            }
            evidence.append(
                Evidence(
                    source: traced == nil ? .accessLog : .connectionLog,
                    summary: summary,
                    details: details,
                    examples: examples
                )
            )
        }
        return Finding(
            id: id,
            confidence: 0.5,
            count: 0,
            evidence: evidence,
            confirm: [
                "The client behind the connection (client_ip in the access log, the connection log's line): its retry policy and whether it backs off.",
                "The 502s' signatures on the targets named: the cause of each 502 is in the findings above.",
            ],
            fix: [
                "Make the client back off (exponential, with jitter) and cap its retries; a 502 is not always safe to retry for non-idempotent requests.",
                "Fix the targets' failure (the findings above); the repeats stop with it.",
            ],
            alternatives: []
        )
    }
}
