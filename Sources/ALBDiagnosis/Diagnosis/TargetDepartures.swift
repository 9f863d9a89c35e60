/// Targets that left while the load balancer still routed to them, read from the access logs alone: a target's
/// traffic ends (the logs go on) and its last requests are a run of 502s — connections refused (`-1 -1 -1`)
/// after its process exited, and requests in flight cut when it did.
///
/// This is what a deploy, a scale-in or a crash that was not replaced looks like in the logs: the stop came
/// before the load balancer stopped routing. It is told apart from:
/// - a deregistration delay that ran out with requests in flight (`target-deregistered`): new requests stopped
///   reaching the target well before the cut (its last ordinary request is more than
///   ``TargetDepartures/drainGap`` before the burst) and nothing was refused after it;
/// - a crash loop (`target-refused-connection`): the target failed in several separate runs and came back in
///   between;
/// - a target that never answered: no ordinary request at all.
///
/// The errors of a departure are the target's 502s in its last run; ``NotDispatchedClusters`` and
/// ``NoValidResponseClusters`` leave them out, so that no other log reading claims them again.
public struct TargetDepartures: Sendable {
    /// One target's departure.
    public struct Departure: Sendable, Hashable {
        /// The target's figures.
        public var target: TargetFacts
        /// The first and the last second of its last run of 502s (µs, whole seconds).
        public var first: Int64
        public var last: Int64
        /// The 502s of that run.
        public var count: Int
        /// Of them, not dispatched (connection refused or failed: `-1 -1 -1`).
        public var refused: Int
        /// Of them, dispatched with no valid response (requests in flight cut).
        public var cut: Int
        /// The target's last request that was not a 502 (µs).
        public var lastOrdinaryRequest: Int64?
        /// Its last request of any kind (µs).
        public var lastRequest: Int64
        /// How long the logs go on after its last request (µs).
        public var silenceAfter: Int64
    }

    /// The departures, most 502s first.
    public private(set) var departures: [Departure] = []

    /// A run of 502s ends at the first gap of more than this many seconds between two seconds with errors.
    static let runGap: Int64 = 15
    /// The logs must go on at least this long after a target's last request for its traffic to have ended (µs).
    static let minimumSilence: Int64 = 60_000_000
    /// The last 502 must be within this of the target's last request (µs): the errors ended its traffic.
    static let endSlack: Int64 = 2_000_000
    /// Ordinary traffic must reach the target until this close to the first 502 of the run (µs); a longer gap
    /// with nothing refused means new requests had stopped (draining), which is a deregistration, not a stop.
    static let drainGap: Int64 = 5_000_000
    /// The smallest run that counts.
    static let minimumCount = 3

    /// The errors of `target` that a departure explains, by signature (for the other clusters to leave out).
    public func claimed(target: String) -> (refused: Int, cut: Int) {
        guard let d = departures.first(where: { $0.target.target == target }) else { return (0, 0) }
        return (d.refused, d.cut)
    }

    /// Total 502s explained by departures.
    public var count: Int { departures.reduce(0) { $0 + $1.count } }

    init(_ logs: TriageAggregator) {
        guard let end = logs.span.last else { return }
        for row in logs.targetRows where row.stats.elb502 >= Self.minimumCount {
            if let departure = Self.departure(row.key, row.stats, logsEnd: end) { departures.append(departure) }
        }
        departures.sort { $0.count != $1.count ? $0.count > $1.count : $0.target.target < $1.target.target }
    }

    /// The departure of one target, or nil when its traffic did not end with a run of 502s.
    static func departure(_ target: String, _ stats: TargetStats, logsEnd: Int64) -> Departure? {
        guard let lastRequest = stats.requestSpan.last, logsEnd - lastRequest >= minimumSilence else { return nil }
        guard let lastOrdinary = stats.non502Span.last else { return nil }
        let seconds = stats.errorSeconds.sorted
        guard let final = seconds.last, lastRequest - final.second * 1_000_000 < endSlack + 1_000_000 else {
            return nil
        }
        // The last run: walk back while the gaps stay short.
        var start = seconds.count - 1
        while start > 0 && seconds[start].second - seconds[start - 1].second <= runGap { start -= 1 }
        let run = seconds[start...]
        let count = run.reduce(0) { $0 + $1.count }
        guard count >= minimumCount else { return nil }
        // A crash loop: an earlier run of errors of its own, and the target came back in between (sporadic
        // single errors earlier on do not count).
        var runCount = 0
        var previous: Int64?
        for entry in seconds[..<start] {
            if let p = previous, entry.second - p > runGap { runCount = 0 }
            runCount += entry.count
            previous = entry.second
            if runCount >= minimumCount { return nil }
        }
        let firstSecond = run.first?.second ?? final.second
        let refused = stats.notDispatchedSeconds.counts.reduce(0) { sum, entry in
            entry.key >= firstSecond && entry.key <= final.second ? sum + entry.value : sum
        }
        let cut = min(stats.signatures[.noValidResponse], count - refused)
        let first = firstSecond * 1_000_000
        // Draining (deregistration delay): nothing new reached the target for a while before the cut, and
        // nothing was refused after it.
        if refused == 0 && lastOrdinary < first - drainGap { return nil }
        return Departure(
            target: TargetFacts(target: target, targetGroup: stats.targetGroup, stats: stats),
            first: first,
            last: final.second * 1_000_000,
            count: count,
            refused: refused,
            cut: max(0, cut),
            lastOrdinaryRequest: lastOrdinary,
            lastRequest: lastRequest,
            silenceAfter: logsEnd - lastRequest
        )
    }
}
