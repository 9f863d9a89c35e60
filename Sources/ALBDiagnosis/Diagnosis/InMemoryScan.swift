import ALBAccessLog

/// Aggregates log text that is already in memory (tests, small pasted excerpts, generated samples),
/// through the same streaming engine as files.
public enum InMemoryScan {
    /// Feeds `text` in chunks of `chunkSize` bytes into a fresh aggregator.
    public static func aggregate(
        _ text: String,
        source: String = "memory",
        seed: UInt64 = 502,
        limits: TriageAggregator.Limits = .init(),
        chunkSize: Int = 64 << 10
    ) -> (logs: TriageAggregator, scan: ScanSummary) {
        let feeder = AccessLogFeeder(source: source, consumer: TriageAggregator(limits: limits, seed: seed))
        let bytes = Array(text.utf8)
        var offset = 0
        let step = max(1, chunkSize)
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            feeder.feed(Array(bytes[offset..<end]))
            offset = end
        }
        let result = feeder.finish()
        return (result.consumer, ScanSummary(result.statistics))
    }

    /// Aggregates several texts separately, then merges them in order (as the scanner does per file).
    public static func aggregate(
        parts: [String],
        seed: UInt64 = 502,
        limits: TriageAggregator.Limits = .init()
    ) -> (logs: TriageAggregator, scan: ScanSummary) {
        var logs = TriageAggregator(limits: limits, seed: seed)
        var stats = ParseStatistics()
        for (i, part) in parts.enumerated() {
            let feeder = AccessLogFeeder(source: "part-\(i)", consumer: TriageAggregator(limits: limits, seed: seed))
            feeder.feed(Array(part.utf8))
            let result = feeder.finish()
            logs.merge(result.consumer)
            stats.merge(result.statistics)
        }
        return (logs, ScanSummary(stats))
    }

    /// Feeds health-check log text into a fresh ``HealthCheckAggregator``.
    public static func healthChecks(_ text: String, source: String = "memory") -> HealthCheckAggregator {
        let feeder = HealthCheckLogFeeder(source: source, consumer: HealthCheckAggregator())
        feeder.feed(Array(text.utf8))
        return feeder.finish().consumer
    }

    /// Feeds connection log text into a fresh ``ConnectionAggregator`` that keeps the connections of
    /// `wantedTraceIDs`.
    public static func connections(
        _ text: String,
        source: String = "memory",
        wantedTraceIDs: Set<String> = []
    ) -> ConnectionAggregator {
        let feeder = ConnectionLogFeeder(source: source, consumer: ConnectionAggregator(wantedTraceIDs: wantedTraceIDs))
        feeder.feed(Array(text.utf8))
        return feeder.finish().consumer
    }
}
