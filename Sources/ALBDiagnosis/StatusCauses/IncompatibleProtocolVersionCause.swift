/// `incompatible-protocol-version` (464): the request's protocol does not match the target group's
/// protocol version — an HTTP/1.1 request to a gRPC or HTTP/2 target group, a gRPC request to an
/// HTTP/1.1 target group, or a non-POST HTTP/2 request to a gRPC target group.
public struct IncompatibleProtocolVersionCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .incompatibleProtocolVersion }
    public var title: String { "Request protocol incompatible with the target group protocol version (464)" }
    public var statusCodes: Set<Int> { [464] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        var stats: StatusSignatureStats?
        for entry in context.statuses.signatures(of: 464) {
            if stats == nil { stats = entry.stats } else { stats?.merge(entry.stats) }
        }
        guard let stats, stats.count > 0 else { return [] }
        return [
            Finding(
                id: id,
                confidence: 0.9,
                count: stats.count,
                evidence: [
                    StatusCauseSupport.lines(
                        stats,
                        status: 464,
                        what: "(request protocol incompatible with the target group)"
                    ),
                    Evidence(
                        source: .accessLog,
                        summary:
                            "Listener type and request version of the 464s: \(StatusCauseSupport.list(stats.protocols, limit: 4)); target groups \(StatusCauseSupport.list(stats.targetGroups)).",
                        details: [
                            "protocols": StatusCauseSupport.top(stats.protocols, limit: 4).map {
                                "\($0.key)=\($0.count)"
                            }
                            .joined(separator: ","),
                            "top_target_group": StatusCauseSupport.top(stats.targetGroups, limit: 1).first?.key ?? "-",
                        ]
                    ),
                ],
                confirm: [
                    "`aws elbv2 describe-target-groups --names NAME --query 'TargetGroups[].ProtocolVersion'` is GRPC or HTTP2 while the 464s are HTTP/1.1 (or HTTP1 while the clients speak gRPC)."
                ],
                fix: [
                    "Route HTTP/1.1 clients to an HTTP1 target group (a listener rule on a path or header), or let clients use HTTP/2 (HTTPS listener with ALPN).",
                    "Send gRPC only to GRPC target groups, and only POST requests.",
                ],
                status: 464
            )
        ]
    }
}
