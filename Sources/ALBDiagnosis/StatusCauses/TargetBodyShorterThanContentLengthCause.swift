/// `target-body-shorter-than-content-length` (504): the target sent its status line and headers,
/// then less body than its `Content-Length` promised; the load balancer timed out waiting.
///
/// Logs: 504 with a target status (usually 2xx) — the target's response had started.
public struct TargetBodyShorterThanContentLengthCause: StatusCauseRule {
    public init() {}
    public var id: CauseID { .targetBodyShorterThanContentLength }
    public var title: String { "Target sent less body than its Content-Length (504)" }
    public var statusCodes: Set<Int> { [504] }

    public func evaluate(_ context: StatusCauseContext) -> [Finding] {
        guard let stats = context.statuses.merged(status: 504, id: StatusSignature.targetStatus), stats.count > 0
        else { return [] }
        let codes = context.statuses.signatures(of: 504).filter { $0.signature.id == StatusSignature.targetStatus }
            .map { "\($0.signature.code ?? "?") (\($0.stats.count))" }.joined(separator: ", ")
        return [
            Finding(
                id: id,
                confidence: 0.7,
                count: stats.count,
                evidence: [
                    StatusCauseSupport.lines(
                        stats,
                        status: 504,
                        what:
                            "whose target had already answered with status \(codes): the response started, then the load balancer gave up waiting for the rest of the body",
                        details: ["target_status_codes": codes]
                    ),
                    StatusCauseSupport.spread(stats, status: 504),
                ],
                confirm: [
                    "A request to the target itself: `curl -sv http://TARGET:PORT/PATH -o /dev/null` ends with \"transfer closed with N bytes remaining to read\".",
                    "`alb-doctor probe` reports a body shorter than its Content-Length.",
                    "A capture on the target shows the Content-Length header and fewer body bytes before the connection idles.",
                ],
                fix: [
                    "Compute Content-Length from the bytes actually sent (after compression or templating), or use chunked transfer encoding.",
                    "Fix the code path that aborts mid-body (exceptions after the headers were flushed, a proxy truncating the body).",
                ],
                status: 504
            )
        ]
    }
}
