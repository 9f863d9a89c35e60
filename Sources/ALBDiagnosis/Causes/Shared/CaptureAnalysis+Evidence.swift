import ALBWire

/// What the causes' capture readings derive from a ``CaptureAnalysis``: the figures that are not a field of
/// it (idle closes before the idle timeout, their distribution in seconds, TLS failure reasons) and the
/// example lines their evidence quotes.
extension CaptureAnalysis {
    /// Minimum, median, p90 and maximum of a duration distribution, seconds.
    public struct DurationSummary: Sendable, Hashable {
        public var minimum: Double
        public var median: Double
        public var p90: Double
        public var maximum: Double
    }

    /// Idle keep-alive connections the target closed before the load balancer's idle timeout.
    public var targetIdleClosesBelowIdleTimeout: Int {
        keepAlive.targetIdleClose.countBelow(Int64(idleTimeoutSeconds * 1e9))
    }

    /// How long the target let connections idle before closing them (nil when it closed none).
    public var targetIdleCloseSeconds: DurationSummary? {
        let closes = keepAlive.targetIdleClose
        guard closes.count > 0, let median = closes.quantile(0.5), let p90 = closes.quantile(0.9) else { return nil }
        return DurationSummary(
            minimum: Double(closes.minimumNanoseconds) / 1e9,
            median: Double(median) / 1e9,
            p90: Double(p90) / 1e9,
            maximum: Double(closes.maximumNanoseconds) / 1e9
        )
    }

    /// The distinct reasons of the failed TLS handshakes, most frequent first.
    public var tlsFailureReasons: [String] {
        var reasons: [String: Int] = [:]
        for failure in tls.failures { reasons[failure.reason, default: 0] += 1 }
        return reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }

    /// One line per violation of each malformed response kept as an example.
    public var malformedExampleLines: [String] {
        http.malformedExamples.flatMap { example in
            example.violations.map { v in
                "\(example.time) \(example.connection) response \(example.responseIndex)"
                    + (example.request.map { " to \"\($0)\"" } ?? "")
                    + ": \(v.code.rawValue) at byte \(v.offset): \(v.message)"
                    + (v.excerpt.isEmpty ? "" : ": \"\(v.excerpt)\"")
            }
        }
    }

    /// One line per failed TLS handshake kept as an example.
    public var tlsFailureExampleLines: [String] {
        tls.failures.map { f in
            "\(f.time) \(f.connection): offered \(f.offeredVersions.joined(separator: "/")) with \(f.offeredSuiteCount) suites"
                + (f.chosen.map { ", target chose \($0)" } ?? "")
                + (f.alert.map { ", \(f.alertFrom ?? "?") sent \($0)" } ?? "")
        }
    }
}

extension CaptureAnalysis.ConnectionEvent {
    /// `time connection: detail`, as the evidence quotes it.
    public var line: String { "\(time) \(connection): \(detail)" }
}
