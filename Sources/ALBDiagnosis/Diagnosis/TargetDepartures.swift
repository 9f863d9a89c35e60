/// Targets that left while the load balancer still routed to them, read from the access logs alone: a target's
/// traffic ends (the logs go on) and its last requests are a run of errors — 502s for connections refused
/// (`-1 -1 -1`) after its process exited and for requests in flight cut when it did, and 504 connection
/// timeouts when its address vanished from the network (a terminated instance, a deleted pod's IP) so that
/// nothing answered the load balancer's SYN.
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
/// The errors of a departure are the target's 502s and 504 connection timeouts in its last run, and the 460s of
/// clients that gave up on it in those minutes; ``NotDispatchedClusters`` and ``NoValidResponseClusters`` leave
/// its 502s out, and the 504 and 460 causes its other errors (``StatusCauseContext/departures``), so that no
/// other reading claims them again.
public struct TargetDepartures: Sendable {
    /// One target's departure.
    public struct Departure: Sendable, Hashable {
        /// The target's figures.
        public var target: TargetFacts
        /// The first and the last second of its last run of errors (µs, whole seconds).
        public var first: Int64
        public var last: Int64
        /// The 502s of that run.
        public var count: Int
        /// The 504 connection timeouts of that run (the target's address no longer answered).
        public var timedOut: Int = 0
        /// The 460s on the target from the minute before the run to the minute after its last request: clients
        /// that gave up waiting for it.
        public var gaveUp: Int = 0
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

    /// The errors of `departures` per status code and target (for ``ErrorAssignment``).
    public static func claims(of departures: [Departure]) -> ErrorClaims {
        var claims = ErrorClaims()
        for d in departures {
            claims.add(status: 502, target: d.target.target, count: d.count)
            claims.add(status: 504, target: d.target.target, count: d.timedOut)
            claims.add(status: 460, target: d.target.target, count: d.gaveUp)
        }
        return claims
    }

    /// The errors of `departures` per status code, the codes with none left out; empty when they are all 502s
    /// (a finding of one code needs no per-code counts).
    public static func countsByStatus(of departures: [Departure]) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for d in departures { counts.merge(d.countsByStatus, uniquingKeysWith: +) }
        return Set(counts.keys) == [502] ? [:] : counts
    }

    /// The departure of `target`, if it left.
    public func departure(of target: String) -> Departure? {
        departures.first { $0.target.target == target }
    }

    init(_ logs: TriageAggregator) {
        guard let end = logs.span.last else { return }
        for row in logs.targetRows
        where row.stats.elb502 + row.stats.connectTimeoutSeconds.total >= Self.minimumCount {
            if let departure = Self.departure(row.key, row.stats, logsEnd: end) { departures.append(departure) }
        }
        if !departures.isEmpty, let gaveUp = logs.statuses.merged(status: 460) {
            for i in departures.indices {
                let d = departures[i]
                let minutes = Self.minute(d.first) - 1...Self.minute(d.lastRequest) + 1
                departures[i].gaveUp = gaveUp.targetMinutes.reduce(0) { sum, entry in
                    entry.key.target == d.target.target && minutes.contains(entry.key.minute) ? sum + entry.value : sum
                }
            }
        }
        departures.sort {
            $0.errors != $1.errors ? $0.errors > $1.errors : $0.target.target < $1.target.target
        }
    }

    static func minute(_ time: Int64) -> Int64 {
        time >= 0 ? time / 60_000_000 : (time - 59_999_999) / 60_000_000
    }

    /// The departure of one target, or nil when its traffic did not end with a run of errors.
    static func departure(_ target: String, _ stats: TargetStats, logsEnd: Int64) -> Departure? {
        guard let lastRequest = stats.requestSpan.last, logsEnd - lastRequest >= minimumSilence else { return nil }
        guard let lastOrdinary = stats.non502Span.last else { return nil }
        // The target's errors per second: 502s and 504 connection timeouts.
        var bySecond: [Int64: (e502: Int, e504: Int)] = [:]
        for (second, count) in stats.errorSeconds.counts { bySecond[second, default: (0, 0)].e502 += count }
        for (second, count) in stats.connectTimeoutSeconds.counts { bySecond[second, default: (0, 0)].e504 += count }
        let seconds = bySecond.sorted { $0.key < $1.key }.map { (second: $0.key, count: $0.value.e502 + $0.value.e504) }
        guard let final = seconds.last, lastRequest - final.second * 1_000_000 < endSlack + 1_000_000 else {
            return nil
        }
        // The last run: walk back while the gaps stay short.
        var start = seconds.count - 1
        while start > 0 && seconds[start].second - seconds[start - 1].second <= runGap { start -= 1 }
        let run = seconds[start...]
        guard run.reduce(0, { $0 + $1.count }) >= minimumCount else { return nil }
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
        let inRun = { (entry: (key: Int64, value: Int)) in entry.key >= firstSecond && entry.key <= final.second }
        let count = stats.errorSeconds.counts.filter(inRun).values.reduce(0, +)
        let timedOut = stats.connectTimeoutSeconds.counts.filter(inRun).values.reduce(0, +)
        let refused = stats.notDispatchedSeconds.counts.filter(inRun).values.reduce(0, +)
        let cut = min(stats.signatures[.noValidResponse], count - refused)
        let first = firstSecond * 1_000_000
        // Draining (deregistration delay): nothing new reached the target for a while before the cut, and
        // nothing was refused or timed out after it.
        if refused == 0 && timedOut == 0 && lastOrdinary < first - drainGap { return nil }
        return Departure(
            target: TargetFacts(target: target, targetGroup: stats.targetGroup, stats: stats),
            first: first,
            last: final.second * 1_000_000,
            count: count,
            timedOut: timedOut,
            refused: refused,
            cut: max(0, cut),
            lastOrdinaryRequest: lastOrdinary,
            lastRequest: lastRequest,
            silenceAfter: logsEnd - lastRequest
        )
    }
}

extension TargetDepartures.Departure {
    /// Its errors of every code: 502s, 504 connection timeouts and 460s.
    public var errors: Int { count + timedOut + gaveUp }

    /// The errors per status code, the codes with none left out.
    public var countsByStatus: [Int: Int] {
        [502: count, 504: timedOut, 460: gaveUp].filter { $0.value > 0 }
    }
}
