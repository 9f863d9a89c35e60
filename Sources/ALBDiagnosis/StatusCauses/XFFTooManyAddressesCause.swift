/// `xff-too-many-addresses` (463): the request's `X-Forwarded-For` header carried more than 30
/// IP addresses (every 463 means this).
public struct XFFTooManyAddressesCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .xffTooManyAddresses }
    public var title: String { "X-Forwarded-For with more than 30 addresses (463)" }
    public var statusCodes: Set<Int> { [463] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard let code = context.statuses.codes[463], code.count > 0 else { return [] }
        var evidence: [Evidence] = []
        for entry in context.statuses.signatures(of: 463) {
            evidence.append(
                StatusCauseSupport.lines(
                    entry.stats,
                    status: 463,
                    what: "(X-Forwarded-For with more than 30 addresses)"
                )
            )
            evidence.append(StatusCauseSupport.spread(entry.stats, status: 463))
        }
        return [
            Finding(
                id: id,
                confidence: 0.95,
                count: code.count,
                evidence: Array(evidence.prefix(4)),
                confirm: [
                    "The clients in the example lines send (or their proxies build) an X-Forwarded-For header with more than 30 addresses: log it at a proxy in front, or reproduce with `curl -H 'X-Forwarded-For: …'`."
                ],
                fix: [
                    "Find the proxy chain or loop that keeps appending to X-Forwarded-For (a proxy forwarding to itself, CDN → proxy → load balancer loops) and break it.",
                    "Have the first proxy you control reset X-Forwarded-For instead of appending to a client-supplied value.",
                ],
                status: 463
            )
        ]
    }
}
