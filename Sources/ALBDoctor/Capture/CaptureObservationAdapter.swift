import ALBDiagnosis
import PacketCapture

/// Turns a `PacketCapture` analysis into the plain ``CaptureObservation`` the diagnosis rules read.
public enum CaptureObservationAdapter {
    /// Maps the analysis; example lists keep their caps.
    public static func observation(from a: CaptureAnalysis) -> CaptureObservation {
        var o = CaptureObservation()
        o.files = a.files.map(\.name)
        o.firstPacketTime = a.firstPacketTime
        o.lastPacketTime = a.lastPacketTime
        o.packets = a.packets.total
        o.readErrors = a.errors.map(\.description)

        o.connections = a.connections.total
        o.establishedConnections = a.connections.established
        o.targets = a.connections.topTargets
        o.refusedConnections = a.connections.refused
        o.refusedExamples = a.refusedExamples.map(line)
        o.unansweredSYNs = a.connections.unansweredSYN
        o.unansweredExamples = a.unansweredExamples.map(line)
        o.icmpUnreachable = a.connections.icmpUnreachable
        o.icmpByCode = a.icmpByCode
        o.icmpExamples = a.icmpExamples.map(line)

        o.requests = a.http.requests
        o.reusedRequests = a.http.reusedRequests
        o.responses = a.http.responses
        o.malformedResponses = a.http.malformedResponses
        o.violationsByCode = a.http.violationsByCode
        o.malformedExamples = a.http.malformedExamples.flatMap { example in
            example.violations.map { v in
                "\(example.time) \(example.connection) response \(example.responseIndex)"
                    + (example.request.map { " to \"\($0)\"" } ?? "")
                    + ": \(v.code.rawValue) at byte \(v.offset): \(v.message)"
                    + (v.excerpt.isEmpty ? "" : ": \"\(v.excerpt)\"")
            }
        }
        o.requestsOutstandingAtTargetClose = a.http.requestsOutstandingAtTargetClose
        o.requestsAfterTargetFIN = a.http.requestsAfterTargetFIN
        o.outstandingExamples = a.http.outstandingExamples.map(line)

        o.idleTimeoutSeconds = a.idleTimeoutSeconds
        let closes = a.keepAlive.targetIdleClose
        o.targetIdleCloses = closes.count
        o.targetIdleClosesWithRST = a.keepAlive.targetIdleCloseWithRST
        o.targetIdleClosesBelowIdleTimeout = closes.countBelow(Int64(a.idleTimeoutSeconds * 1e9))
        if closes.count > 0, let median = closes.quantile(0.5), let p90 = closes.quantile(0.9) {
            o.targetIdleCloseSeconds = .init(
                minimum: Double(closes.minimumNanoseconds) / 1e9,
                median: Double(median) / 1e9,
                p90: Double(p90) / 1e9,
                maximum: Double(closes.maximumNanoseconds) / 1e9
            )
        }
        o.clientIdleCloses = a.keepAlive.clientIdleClose.count
        o.announcedKeepAliveTimeouts = a.keepAlive.announcedTimeouts
        o.targetIdleCloseExamples = a.keepAlive.targetIdleCloseExamples.map(line)

        o.backendPolicy = a.backendPolicy
        o.tlsConnections = a.tls.connections
        o.tlsCompleted = a.tls.completed
        o.tlsFailed = a.tls.failed
        o.tlsAlerts = a.tls.alerts
        o.tlsOfferedVersions = a.tls.offeredVersions
        o.tlsChosen = a.tls.chosen
        o.tlsChosenOutsidePolicy = a.tls.chosenOutsidePolicy
        o.tlsHelloOutsidePolicy = a.tls.helloOutsidePolicy
        var reasons: [String: Int] = [:]
        for failure in a.tls.failures { reasons[failure.reason, default: 0] += 1 }
        o.tlsFailureReasons = reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        o.tlsFailureExamples = a.tls.failures.map { f in
            "\(f.time) \(f.connection): offered \(f.offeredVersions.joined(separator: "/")) with \(f.offeredSuiteCount) suites"
                + (f.chosen.map { ", target chose \($0)" } ?? "")
                + (f.alert.map { ", \(f.alertFrom ?? "?") sent \($0)" } ?? "")
        }
        return o
    }

    private static func line(_ event: CaptureAnalysis.ConnectionEvent) -> String {
        "\(event.time) \(event.connection): \(event.detail)"
    }
}
