/// Everything the rules look at: the aggregated access logs plus the clusters derived from them
/// once, so that rules share one reading of which 502 belongs to which pattern.
///
/// Later inputs (metrics, configuration, CloudTrail, probes, captures) join here as plain values.
public struct DiagnosisContext: Sendable {
    /// The aggregated access logs.
    public let logs: TriageAggregator
    /// How the not-dispatched 502s cluster on targets and subnets.
    public let notDispatched: NotDispatchedClusters
    /// How the no-valid-response 502s split into end-of-traffic bursts, concentrated paths and the rest.
    public let noValidResponse: NoValidResponseClusters
    /// Targets whose traffic ended with a run of 502s (stopped while registered); their errors are left out
    /// of the two clusters above.
    public let departures: TargetDepartures
    /// The health-check and connection logs, when any were read.
    public let loadBalancerLogs: LoadBalancerLogs?

    /// Derives the clusters from aggregated logs.
    public init(logs: TriageAggregator, loadBalancerLogs: LoadBalancerLogs? = nil) {
        self.logs = logs
        self.loadBalancerLogs = loadBalancerLogs
        departures = TargetDepartures(logs)
        notDispatched = NotDispatchedClusters(logs, excluding: departures)
        noValidResponse = NoValidResponseClusters(logs, excluding: departures)
    }

    /// The access log's 502s of one target per minute (minute = µs / 60 000 000).
    public func errorMinutes(target: String) -> Set<Int64> {
        Set(logs.targetRows.first { $0.key == target }?.stats.minutes502.keys.map { $0 } ?? [])
    }

    /// The 502s per target as the logs counted them: the bound of what findings can claim there
    /// (``ErrorAssignment``).
    public var claimTotals: [ErrorClaims.Key: Int] {
        var totals: [ErrorClaims.Key: Int] = [:]
        for row in logs.targetRows where row.stats.elb502 > 0 {
            totals[ErrorClaims.Key(status: 502, target: row.key)] = row.stats.elb502
        }
        return totals
    }
}

/// A target's figures, flattened for rules and reports.
public struct TargetFacts: Sendable, Hashable {
    public var target: String
    public var targetGroup: String?
    public var stats: TargetStats

    /// Not-dispatched 502s over all requests to the target.
    public var notDispatchedRate: Double {
        stats.requests > 0 ? Double(stats.signatures[.notDispatched]) / Double(stats.requests) : 0
    }
    public var subnet: String { TargetAddress.subnet(of: target) }
}

/// Not-dispatched 502s grouped into patterns.
public struct NotDispatchedClusters: Sendable {
    /// What a group of failing targets looks like.
    public enum Kind: String, Sendable, Hashable {
        /// HTTPS targets (port or target group name) failing: the TLS handshake is the first suspect.
        case httpsTargets
        /// Several targets of one subnet failing together: reachability of that subnet.
        case subnet
        /// One target failing on its own.
        case singleTarget
    }

    /// A group of targets whose not-dispatched rate stands out.
    public struct Cluster: Sendable, Hashable {
        public var kind: Kind
        /// The subnet (for `.subnet`), the target (for `.singleTarget`), or the target group (for HTTPS).
        public var label: String
        public var targets: [TargetFacts]
        /// Targets of the same subnet that were seen and did not fail (for `.subnet`).
        public var healthyTargetsInSubnet: Int
        public var count: Int { targets.reduce(0) { $0 + $1.stats.signatures[.notDispatched] } }
        public var first: Int64? { targets.compactMap(\.stats.spanNotDispatched.first).min() }
        public var last: Int64? { targets.compactMap(\.stats.spanNotDispatched.last).max() }
    }

    public private(set) var total = 0
    public private(set) var clusters: [Cluster] = []
    /// Not-dispatched 502s on targets whose rate does not stand out (spread thinly).
    public private(set) var spread = 0
    /// How many targets the spread ones fell on.
    public private(set) var spreadTargets = 0
    /// The median per-target not-dispatched rate (the baseline a target must exceed).
    public private(set) var medianRate = 0.0

    init(_ logs: TriageAggregator, excluding departures: TargetDepartures) {
        let facts = logs.targetRows.map { row in
            var stats = row.stats
            let claimed = departures.claimed(target: row.key)
            stats.signatures.add(.notDispatched, -claimed.refused)
            stats.signatures.add(.noValidResponse, -claimed.cut)
            return TargetFacts(target: row.key, targetGroup: stats.targetGroup, stats: stats)
        }
        total = logs.count(of: .notDispatched) - departures.departures.reduce(0) { $0 + $1.refused }
        let rates = facts.filter { $0.stats.requests > 0 }.map(\.notDispatchedRate).sorted()
        medianRate = rates.isEmpty ? 0 : rates[rates.count / 2]
        let threshold = min(0.5, max(0.02, 5 * medianRate))
        var standing: [TargetFacts] = []
        for f in facts where f.stats.signatures[.notDispatched] > 0 {
            // A target stands out against the others, or on its own: a keep-alive race fails far under 1 % of
            // requests, so a fifth of them failing is a connection problem even when every target has it (a
            // target group of one, or all its targets down together).
            let rate = f.notDispatchedRate
            if f.stats.signatures[.notDispatched] >= 3 && (rate >= threshold || rate >= Self.connectionFailureRate) {
                standing.append(f)
            } else {
                spread += f.stats.signatures[.notDispatched]
                spreadTargets += 1
            }
        }
        spread += logs.targetsOther.stats.signatures[.notDispatched]

        // HTTPS targets first, grouped by target group.
        var rest: [TargetFacts] = []
        var https: [String: [TargetFacts]] = [:]
        for f in standing {
            if TargetAddress.looksHTTPS(target: f.target, targetGroup: f.targetGroup) {
                https[f.targetGroup ?? "-", default: []].append(f)
            } else {
                rest.append(f)
            }
        }
        for (group, targets) in https {
            clusters.append(Cluster(kind: .httpsTargets, label: group, targets: targets, healthyTargetsInSubnet: 0))
        }
        // Then subnets with at least two failing targets, failing at overlapping times.
        var bySubnet: [String: [TargetFacts]] = [:]
        for f in rest { bySubnet[f.subnet, default: []].append(f) }
        let seenPerSubnet = Dictionary(grouping: facts.filter { $0.stats.requests > 0 }, by: \.subnet)
        for (subnet, targets) in bySubnet {
            let failing = Set(targets.map(\.target))
            let healthy = (seenPerSubnet[subnet] ?? []).filter { !failing.contains($0.target) }.count
            if targets.count >= 2 && NotDispatchedClusters.overlap(targets) && healthy < targets.count {
                clusters.append(
                    Cluster(kind: .subnet, label: subnet, targets: targets, healthyTargetsInSubnet: healthy)
                )
            } else {
                for t in targets {
                    clusters.append(
                        Cluster(kind: .singleTarget, label: t.target, targets: [t], healthyTargetsInSubnet: 0)
                    )
                }
            }
        }
        clusters.sort { a, b in a.count != b.count ? a.count > b.count : a.label < b.label }
        for i in clusters.indices { clusters[i].targets.sort { $0.target < $1.target } }
    }

    /// A not-dispatched rate at which a target's failures are read as connection failures whatever the other
    /// targets do.
    static let connectionFailureRate = 0.2

    /// Whether every target's failure window overlaps the others' (they failed together).
    static func overlap(_ targets: [TargetFacts]) -> Bool {
        let starts = targets.compactMap(\.stats.spanNotDispatched.first)
        let ends = targets.compactMap(\.stats.spanNotDispatched.last)
        guard let latestStart = starts.max(), let earliestEnd = ends.min() else { return false }
        return latestStart <= earliestEnd
    }
}

/// No-valid-response 502s split into end-of-traffic bursts, concentrated paths and the rest.
public struct NoValidResponseClusters: Sendable {
    /// Many failures at one instant on one target, after which it got no more traffic.
    public struct Burst: Sendable, Hashable {
        public var target: TargetFacts
        public var count: Int
        /// Start of the burst window and the last failure (µs).
        public var start: Int64
        public var end: Int64
        /// The target's last request that was not a 502, if any.
        public var lastOrdinaryRequest: Int64?
        /// Failures in the burst per normalised path.
        public var paths: [String: Int]
    }

    /// A path whose no-valid-response rate stands far above the rest.
    public struct PathCluster: Sendable, Hashable {
        public var path: String
        public var count: Int
        public var requests: Int
        public var targets: Int
        public var fast: Int
        public var examples: [String]
        public var rate: Double { requests > 0 ? Double(count) / Double(requests) : 0 }
    }

    public private(set) var total = 0
    public private(set) var bursts: [Burst] = []
    public private(set) var paths: [PathCluster] = []
    /// What is left after bursts and paths.
    public private(set) var remaining = 0
    /// Of the remaining, how many had `target_processing_time` under 10 ms.
    public private(set) var remainingFast = 0
    /// Targets with a no-valid-response 502 that is not part of a burst.
    public private(set) var remainingTargets = 0
    /// The largest share of the remaining that one target holds.
    public private(set) var remainingMaxTargetShare = 0.0
    /// The rate of no-valid-response 502s over requests outside the clusters.
    public private(set) var remainingRate = 0.0

    init(_ logs: TriageAggregator, excluding departures: TargetDepartures) {
        let departedCut = departures.departures.reduce(0) { $0 + $1.cut }
        total = logs.count(of: .noValidResponse) - departedCut
        let end = logs.span.last ?? 0
        var burstByPath: [String: Int] = [:]
        var burstPerTarget: [String: Int] = [:]
        for row in logs.targetRows where row.stats.signatures[.noValidResponse] > 0 {
            let s = row.stats
            let departed = departures.claimed(target: row.key).cut
            if departed > 0 {
                // A departed target's cut requests are its departure's; their paths leave the path clusters too.
                for (hash, count) in s.burst.countsByPath {
                    burstByPath[logs.pathKey(forHash: hash) ?? "(other)", default: 0] += count
                }
                burstPerTarget[row.key] = departed
                continue
            }
            let n = s.burst.count
            let nvr = s.signatures[.noValidResponse]
            guard n >= 5, Double(n) >= 0.5 * Double(nvr) else { continue }
            let last = s.burst.latest
            // No more traffic after the burst, and the logs go on for at least a minute after it.
            guard let lastRequest = s.requestSpan.last, lastRequest <= last + 1_000_000, end - last >= 60_000_000 else {
                continue
            }
            var byPath: [String: Int] = [:]
            for (hash, count) in s.burst.countsByPath {
                byPath[logs.pathKey(forHash: hash) ?? "(other)", default: 0] += count
            }
            for (p, c) in byPath { burstByPath[p, default: 0] += c }
            burstPerTarget[row.key] = n
            bursts.append(
                Burst(
                    target: TargetFacts(target: row.key, targetGroup: s.targetGroup, stats: s),
                    count: n,
                    start: s.burst.earliest,
                    end: last,
                    lastOrdinaryRequest: s.non502Span.last,
                    paths: byPath
                )
            )
        }
        bursts.sort { $0.count != $1.count ? $0.count > $1.count : $0.target.target < $1.target.target }

        let burstTotal = bursts.reduce(0) { $0 + $1.count }
        let allRequests = logs.pathRows.reduce(0) { $0 + $1.stats.requests }
        // Paths: rate far above the rest after removing burst failures.
        var candidates: [PathCluster] = []
        for row in logs.pathRows {
            let count = row.stats.signatures[.noValidResponse] - (burstByPath[row.key] ?? 0)
            guard count >= 5 else { continue }
            candidates.append(
                PathCluster(
                    path: row.key,
                    count: count,
                    requests: row.stats.requests,
                    targets: row.stats.noValidResponseTargetCount,
                    fast: row.stats.fastNoValidResponse,
                    examples: row.stats.examples.lines
                )
            )
        }
        for c in candidates {
            let othersCount = total - burstTotal - c.count
            let othersRequests = allRequests - c.requests
            let baseline = othersRequests > 0 ? Double(max(0, othersCount)) / Double(othersRequests) : 0
            if c.rate >= max(0.05, 10 * baseline) {
                paths.append(c)
            }
        }
        paths.sort { $0.count != $1.count ? $0.count > $1.count : $0.path < $1.path }

        let pathTotal = paths.reduce(0) { $0 + $1.count }
        remaining = max(0, total - burstTotal - pathTotal)
        let allFast =
            logs.targetRows.reduce(0) { $0 + $1.stats.fastNoValidResponse }
            + logs.targetsOther.stats
            .fastNoValidResponse
        remainingFast = max(0, allFast - paths.reduce(0) { $0 + $1.fast })
        remainingFast = min(remainingFast, remaining)
        var maxShare = 0
        var targetsLeft = 0
        for row in logs.targetRows {
            let left = row.stats.signatures[.noValidResponse] - (burstPerTarget[row.key] ?? 0)
            if left > 0 {
                targetsLeft += 1
                maxShare = max(maxShare, left)
            }
        }
        remainingTargets = targetsLeft
        remainingMaxTargetShare = remaining > 0 ? min(1, Double(maxShare) / Double(remaining)) : 0
        let clusterRequests = paths.reduce(0) { $0 + $1.requests }
        let base = allRequests - clusterRequests
        remainingRate = base > 0 ? Double(remaining) / Double(base) : 0
    }
}
