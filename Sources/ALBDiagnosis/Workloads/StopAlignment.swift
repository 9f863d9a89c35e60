/// Lines a target's 502s up against its workload's stop, tolerating clock skew between the load balancer's
/// log times and the platform's stop times, and refusing errors that began before the stop signal.
///
/// The errors are grouped into runs (consecutive error seconds at most `gap` apart). The run that holds
/// the first error at or after `signal − skew` (and before `stopped + after`) is the candidate episode.
/// When that run began before `signal − skew` with more than a fifth as many errors before as after,
/// the errors were already happening: they are not attributed to the stop.
public enum StopAlignment {
    /// Clock skew tolerated between the log times and the platform's times, µs.
    public static let defaultSkew: Int64 = 5_000_000
    /// Errors at most this far apart belong to one run, seconds.
    public static let gapSeconds: Int64 = 10
    /// How long after the stop the load balancer may still route to the stopped address, µs.
    public static let after: Int64 = 120_000_000

    /// A run of errors aligned with a stop.
    public struct Episode: Sendable, Hashable {
        /// First error second (µs, start of the second).
        public var first: Int64
        /// Last error second (µs, start of the second).
        public var last: Int64
        /// Errors from the signal (minus skew) on.
        public var count: Int
        /// Errors of the same run before the signal (minus skew).
        public var before: Int
        /// First error minus the signal, seconds (negative within the skew).
        public var offsetSeconds: Double
    }

    /// The verdict.
    public enum Outcome: Sendable, Hashable {
        /// The errors start with the stop.
        case attributed(Episode)
        /// Errors near the stop belong to a run that began before the signal.
        case startedBeforeStop(Episode)
        /// No error near the stop.
        case noErrorsNearStop
    }

    /// Aligns `errors` (second since the epoch → count) with a stop signalled at `signal` (µs) and over by
    /// `stopped` (µs, when known).
    public static func align(
        errors: [(second: Int64, count: Int)],
        signal: Int64,
        stopped: Int64?,
        skew: Int64 = defaultSkew
    ) -> Outcome {
        let sorted = errors.filter { $0.count > 0 }.sorted { $0.second < $1.second }
        let lower = signal - skew
        let upper = max(signal, stopped ?? signal) + skew + after
        // An error second [s, s+1) counts as at or after `lower` when it ends after it.
        func micros(_ second: Int64) -> Int64 { second * 1_000_000 }
        guard let firstNear = sorted.firstIndex(where: { micros($0.second + 1) > lower && micros($0.second) <= upper })
        else { return .noErrorsNearStop }
        var runStart = firstNear
        while runStart > 0, sorted[runStart].second - sorted[runStart - 1].second <= gapSeconds { runStart -= 1 }
        var runEnd = firstNear
        while runEnd + 1 < sorted.count, sorted[runEnd + 1].second - sorted[runEnd].second <= gapSeconds,
            micros(sorted[runEnd + 1].second) <= upper
        {
            runEnd += 1
        }
        let before = sorted[runStart..<firstNear].reduce(0) { $0 + $1.count }
        let count = sorted[firstNear...runEnd].reduce(0) { $0 + $1.count }
        let first = micros(sorted[firstNear].second)
        let episode = Episode(
            first: first,
            last: micros(sorted[runEnd].second),
            count: count,
            before: before,
            offsetSeconds: Double(first - signal) / 1_000_000
        )
        if before > 0 && before * 5 > count {
            var started = episode
            started.first = micros(sorted[runStart].second)
            started.offsetSeconds = Double(started.first - signal) / 1_000_000
            return .startedBeforeStop(started)
        }
        return .attributed(episode)
    }
}
