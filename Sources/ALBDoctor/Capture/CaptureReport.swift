import ALBDiagnosis
import ALBReport
import ALBWire
import PacketCapture

/// The `alb-doctor pcap` report: ranked causes plus connection and TLS summaries.
///
/// JSON (with `schema_version` added by the renderer): `causes` (ranked findings, same shape as
/// `analyze`), `healthy`, `files`, `connections`, `http`, `keep_alive`, `tls`, `errors`.
public struct CaptureReport: RenderableReport {
    /// The analysis behind the report.
    public let analysis: CaptureAnalysis
    /// The ranked findings.
    public let findings: [Finding]

    /// Builds the report from an analysis (runs the capture rules).
    public init(analysis: CaptureAnalysis) {
        self.analysis = analysis
        findings = Causes.findings(capture: analysis)
    }

    public var title: String { "ALB Doctor — packet capture" }
    public var schemaVersion: Int { 1 }
    public var findingsTitle: String { "Causes of 502 in this capture" }
    public var noFindingsMessage: String {
        "Healthy: no 502 cause in this capture. Checked \(analysis.connections.total) connections, "
            + "\(analysis.http.responses) responses (0 malformed), \(analysis.tls.connections) TLS handshakes, "
            + "\(analysis.keepAlive.targetIdleClose.count) idle closes by the target."
            + (analysis.errors.isEmpty
                ? ""
                : " \(analysis.errors.count) file(s) stopped early: only the packets before the read error were checked.")
    }

    public var sections: [ReportSection] {
        let a = analysis
        var captureRows: [ReportKeyValue] = a.files.map { file in
            ReportKeyValue(
                file.name,
                "\(file.format?.rawValue ?? "?") \(file.linkTypes.joined(separator: ",")), \(file.packets) packets, \(file.bytes) bytes"
                    + (file.error == nil ? "" : " (stopped: see errors)"),
                emphasis: file.error == nil ? .normal : .warning
            )
        }
        captureRows.append(ReportKeyValue("time", "\(a.firstPacketTime ?? "-") … \(a.lastPacketTime ?? "-")"))
        captureRows.append(
            ReportKeyValue(
                "packets",
                "\(a.packets.total) (TCP \(a.packets.tcp), ICMP unreachable \(a.packets.icmpUnreachable), other \(a.packets.other), undecodable \(a.packets.undecodable)"
                    + (a.targetPort != nil ? ", outside target port \(a.packets.outsideTargetPort)" : "") + ")"
            )
        )
        var sections = [ReportSection(title: "Capture", placement: .beforeFindings, blocks: [.keyValues(captureRows)])]
        if !a.errors.isEmpty {
            sections.append(
                ReportSection(
                    title: "Read errors (everything before each error was analysed)",
                    placement: .beforeFindings,
                    blocks: [.bullets(a.errors.map(\.description))]
                )
            )
        }
        let c = a.connections
        sections.append(
            ReportSection(
                title: "Connections (client = load balancer side)",
                blocks: [
                    .keyValues([
                        ReportKeyValue(
                            "connections",
                            "\(c.total) (\(c.withSYN) with SYN, \(c.midstream) mid-stream), \(c.established) established"
                        ),
                        ReportKeyValue("load balancer addresses", String(c.clientAddresses)),
                        ReportKeyValue("targets", c.topTargets.joined(separator: ", ")),
                        ReportKeyValue(
                            "refused / unanswered / ICMP",
                            "\(c.refused) / \(c.unansweredSYN) / \(c.icmpUnreachable)",
                            emphasis: c.refused + c.unansweredSYN + c.icmpUnreachable > 0 ? .bad : .good
                        ),
                        ReportKeyValue("closed by target", "FIN \(c.closedByTargetFIN), RST \(c.closedByTargetRST)"),
                        ReportKeyValue(
                            "closed by load balancer side",
                            "FIN \(c.closedByClientFIN), RST \(c.closedByClientRST)"
                        ),
                        ReportKeyValue("open at end / evicted", "\(c.openAtEnd) / \(c.evicted)"),
                        ReportKeyValue("retransmissions / gaps", "\(c.retransmissions) / \(c.gaps)"),
                    ])
                ]
            )
        )
        let h = a.http
        let k = a.keepAlive
        sections.append(
            ReportSection(
                title: "HTTP and keep-alive",
                blocks: [
                    .keyValues([
                        ReportKeyValue("requests", "\(h.requests) (\(h.reusedRequests) on reused connections)"),
                        ReportKeyValue(
                            "responses",
                            "\(h.responses)"
                                + (h.responsesByStatusClass.isEmpty
                                    ? "" : " (" + CaptureReport.list(h.responsesByStatusClass) + ")")
                        ),
                        ReportKeyValue(
                            "malformed responses",
                            String(h.malformedResponses),
                            emphasis: h.malformedResponses > 0 ? .bad : .good
                        ),
                        ReportKeyValue(
                            "requests outstanding at target close",
                            String(h.requestsOutstandingAtTargetClose),
                            emphasis: h.requestsOutstandingAtTargetClose > 0 ? .bad : .good
                        ),
                        ReportKeyValue(
                            "requests after target FIN",
                            String(h.requestsAfterTargetFIN),
                            emphasis: h.requestsAfterTargetFIN > 0 ? .bad : .good
                        ),
                        ReportKeyValue("idle before reused request", h.idleBeforeReusedRequest.summary),
                        ReportKeyValue("target idle closes", k.targetIdleClose.summary),
                        ReportKeyValue("load balancer side idle closes", k.clientIdleClose.summary),
                        ReportKeyValue("idle timeout compared", "\(a.idleTimeoutSeconds) s"),
                    ])
                ]
            )
        )
        let t = a.tls
        if t.connections > 0 {
            var rows = [
                ReportKeyValue(
                    "handshakes",
                    "\(t.connections) (\(t.completed) completed, \(t.failed) failed)",
                    emphasis: t.failed > 0 ? .bad : .good
                ),
                ReportKeyValue("back-end policy", a.backendPolicy),
                ReportKeyValue("offered versions", CaptureReport.list(t.offeredVersions)),
                ReportKeyValue("target chose", CaptureReport.list(t.chosen)),
            ]
            if !t.alerts.isEmpty {
                rows.append(ReportKeyValue("alerts", CaptureReport.list(t.alerts), emphasis: .warning))
            }
            if !t.serverNames.isEmpty { rows.append(ReportKeyValue("SNI", CaptureReport.list(t.serverNames))) }
            var blocks: [ReportBlock] = [.keyValues(rows)]
            if !t.failures.isEmpty {
                blocks.append(.bullets(t.failures.map { "\($0.time) \($0.connection): \($0.reason)" }))
            }
            sections.append(ReportSection(title: "TLS", blocks: blocks))
        }
        return sections
    }

    static func list(_ counts: [String: Int]) -> String {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key): \($0.value)" }.joined(
            separator: ", "
        )
    }

    private enum CodingKeys: String, CodingKey {
        case causes, healthy, files, connections, http
        case keepAlive = "keep_alive"
        case tls, errors, packets
        case backendPolicy = "backend_policy"
        case idleTimeoutSeconds = "idle_timeout_seconds"
        case targetPort = "target_port"
        case firstPacketTime = "first_packet_time"
        case lastPacketTime = "last_packet_time"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(findings, forKey: .causes)
        try c.encode(findings.isEmpty, forKey: .healthy)
        try c.encode(analysis.files, forKey: .files)
        try c.encode(analysis.packets, forKey: .packets)
        try c.encode(analysis.connections, forKey: .connections)
        try c.encode(analysis.http, forKey: .http)
        try c.encode(analysis.keepAlive, forKey: .keepAlive)
        try c.encode(analysis.tls, forKey: .tls)
        try c.encode(analysis.errors.map(\.description), forKey: .errors)
        try c.encode(analysis.backendPolicy, forKey: .backendPolicy)
        try c.encode(analysis.idleTimeoutSeconds, forKey: .idleTimeoutSeconds)
        try c.encodeIfPresent(analysis.targetPort, forKey: .targetPort)
        try c.encodeIfPresent(analysis.firstPacketTime, forKey: .firstPacketTime)
        try c.encodeIfPresent(analysis.lastPacketTime, forKey: .lastPacketTime)
    }
}
