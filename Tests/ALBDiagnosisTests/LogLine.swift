import ALBDiagnosis

/// Builds one ALB access-log line (30 fields) for hand-made test inputs.
struct LogLine {
    /// 2026-01-01T10:00:00Z
    static let base: Int64 = UTCTime.epochSeconds(year: 2026, month: 1, day: 1, hour: 10) * 1_000_000

    var seconds: Double = 0
    var elb = "app/test-lb/0123456789abcdef"
    var client = "198.51.100.7:40000"
    var target: String? = "10.0.1.10:8080"
    var times = "0.000 0.010 0.000"
    var elbStatus = "200"
    var targetStatus = "200"
    var path = "/"
    var group = "tg-http"
    var actions = "forward"
    var errorReason = "-"
    /// Seconds between `request_creation_time` and `time`.
    var elapsed: Double = 0
    var priority = "0"
    var type = "https"
    var version = "HTTP/1.1"
    var trace = "TID_00000000000000000000000000000000"

    var text: String {
        let micros = LogLine.base + Int64(seconds * 1_000_000)
        let t = UTCTime.iso8601(micros: micros)
        let created = UTCTime.iso8601(micros: micros - Int64(elapsed * 1_000_000))
        let arn =
            group == "-"
            ? "-" : "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/\(group)/0123456789abcdef"
        return [
            type, t, elb, client, target ?? "-", times, elbStatus, targetStatus, "120", "340",
            "\"GET https://example.com:443\(path) \(version)\"", "\"curl/8.5.0\"", "ECDHE-RSA-AES128-GCM-SHA256",
            "TLSv1.2",
            arn, "\"Root=1-00000000-000000000000000000000000\"", "\"example.com\"", "\"-\"", priority, created,
            "\"\(actions)\"", "\"-\"", "\"\(errorReason)\"", "\"\(target ?? "-")\"", "\"\(targetStatus)\"", "\"-\"",
            "\"-\"", trace,
        ].joined(separator: " ")
    }

    /// A not-dispatched 502 (-1 -1 -1, no target status).
    static func notDispatched(_ target: String, at seconds: Double, group: String = "tg-http", path: String = "/")
        -> LogLine
    {
        LogLine(
            seconds: seconds,
            target: target,
            times: "-1 -1 -1",
            elbStatus: "502",
            targetStatus: "-",
            path: path,
            group: group
        )
    }

    /// A no-valid-response 502 (dispatched, no target status).
    static func noValidResponse(_ target: String, at seconds: Double, targetTime: String = "0.001", path: String = "/")
        -> LogLine
    {
        LogLine(
            seconds: seconds,
            target: target,
            times: "0.000 \(targetTime) -1",
            elbStatus: "502",
            targetStatus: "-",
            path: path
        )
    }

    /// A Lambda error 502.
    static func lambda(
        _ code: String,
        at seconds: Double,
        targetTime: String = "0.010",
        path: String = "/fn",
        status: String = "502"
    ) -> LogLine {
        LogLine(
            seconds: seconds,
            target: nil,
            times: "0.000 \(targetTime) 0.000",
            elbStatus: status,
            targetStatus: "-",
            path: path,
            group: "tg-lambda",
            errorReason: code
        )
    }
}

/// Healthy traffic: `count` requests spread evenly over [from, to) seconds, round-robin over targets and paths.
func healthy(
    _ count: Int,
    targets: [String],
    from: Double = 0,
    to: Double = 600,
    paths: [String] = ["/", "/a", "/b/1234", "/c"],
    group: String = "tg-http"
) -> [LogLine] {
    (0..<count).map { i in
        LogLine(
            seconds: from + (to - from) * Double(i) / Double(count),
            target: targets[i % targets.count],
            path: paths[(i / targets.count) % paths.count],
            group: group
        )
    }
}

/// Eight HTTP targets in three subnets.
let webTargets = [
    "10.0.1.10:8080", "10.0.1.11:8080", "10.0.1.12:8080", "10.0.2.10:8080", "10.0.2.11:8080", "10.0.2.12:8080",
    "10.0.3.10:8080", "10.0.3.11:8080",
]

/// Runs lines (sorted by time) through the real engine and the rules; with health-check or connection log
/// text, through the join too.
func diagnose(_ lines: [LogLine], healthChecks: String? = nil, connections: String? = nil) -> Diagnosis {
    let text = lines.sorted { $0.seconds < $1.seconds }.map(\.text).joined(separator: "\n") + "\n"
    let (logs, _) = InMemoryScan.aggregate(text)
    guard healthChecks != nil || connections != nil else { return Diagnosis(logs: logs) }
    let other = LoadBalancerLogs(
        healthChecks: healthChecks.map { InMemoryScan.healthChecks($0) },
        connections: connections.map {
            InMemoryScan.connections($0, wantedTraceIDs: Set(logs.connection502Rows.map(\.key)))
        }
    )
    return Diagnosis(context: DiagnosisContext(logs: logs, loadBalancerLogs: other))
}

/// One health-check log line at `seconds` after ``LogLine/base``.
func healthCheckLine(
    _ target: String,
    at seconds: Double,
    pass: Bool,
    reason: String = "-",
    code: String? = nil,
    group: String = "tg-http",
    type: String = "http"
) -> String {
    let t = UTCTime.iso8601(micros: LogLine.base + Int64(seconds * 1_000_000))
    let status = code ?? (pass ? "200" : "-")
    return "\(type) \(t) 0.002000000 \(target) \(group) \(pass ? "PASS" : "FAIL") \(status) \(pass ? "-" : reason)"
}

extension Diagnosis {
    func finding(_ id: CauseID) -> Finding? { findings.first { $0.id == id } }
}
