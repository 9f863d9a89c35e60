/// 502 counts per signature id, in `SignatureID.allCases` order.
public struct SignatureCounts: Sendable, Hashable, Codable {
    public private(set) var values: [Int] = Array(repeating: 0, count: SignatureID.allCases.count)

    public init() {}

    public subscript(_ id: SignatureID) -> Int {
        values[SignatureCounts.index(id)]
    }

    /// Adds `n` to one signature.
    public mutating func add(_ id: SignatureID, _ n: Int = 1) {
        values[SignatureCounts.index(id)] += n
    }

    /// Adds another set of counts.
    public mutating func merge(_ o: SignatureCounts) {
        for i in values.indices { values[i] += o.values[i] }
    }

    static func index(_ id: SignatureID) -> Int {
        switch id {
        case .targetReturned502: 0
        case .notDispatched: 1
        case .noValidResponse: 2
        case .lambdaError: 3
        case .other: 4
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: SignatureKey.self)
        for id in SignatureID.allCases where self[id] > 0 {
            try c.encode(self[id], forKey: SignatureKey(stringValue: id.rawValue))
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: SignatureKey.self)
        for id in SignatureID.allCases {
            add(id, try c.decodeIfPresent(Int.self, forKey: SignatureKey(stringValue: id.rawValue)) ?? 0)
        }
    }

    struct SignatureKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// Earliest/latest time seen (µs), `nil` until something was seen.
public struct TimeSpan: Sendable, Hashable {
    public private(set) var first: Int64?
    public private(set) var last: Int64?

    public init() {}

    mutating func add(_ t: Int64) {
        if first.map({ t < $0 }) ?? true { first = t }
        if last.map({ t > $0 }) ?? true { last = t }
    }

    mutating func merge(_ o: TimeSpan) {
        if let f = o.first { add(f) }
        if let l = o.last { add(l) }
    }
}

/// Per-target statistics.
public struct TargetStats: MergeableStats, Hashable {
    public var requests = 0
    public var elb502 = 0
    public var signatures = SignatureCounts()
    /// no-valid-response 502s with `target_processing_time` under 10 ms.
    public var fastNoValidResponse = 0
    public var requestSpan = TimeSpan()
    /// Requests that were neither a 502, a 504 connection timeout (``connectTimeoutSeconds``) nor a 460 (the
    /// client gave up): the ones the target was there for.
    public var non502Span = TimeSpan()
    public var span502 = TimeSpan()
    public var spanNotDispatched = TimeSpan()
    /// First target group seen for this target (its name), if any.
    public var targetGroup: String?
    /// 502s per minute (minutes since the epoch), for the first `TargetStats.minuteLimit` distinct minutes
    /// with a 502; later minutes count in `minutes502Dropped`.
    public private(set) var minutes502: [Int64: Int] = [:]
    /// 502s in minutes beyond `minuteLimit`.
    public private(set) var minutes502Dropped = 0
    /// How many distinct minutes `minutes502` keeps per target (bounds memory: 4096 targets × 240).
    public static let minuteLimit = 240
    var burst = TailBurst()
    var examples = ExampleSampler(k: 2)
    /// The target's 502s per second (latest seconds kept), for lining them up with a workload's stop.
    public internal(set) var errorSeconds = ErrorSeconds()
    /// The target's not-dispatched 502s per second (latest seconds kept): which of its errors were refusals.
    public internal(set) var notDispatchedSeconds = ErrorSeconds()
    /// The target's 504 connection timeouts per second (signature `connect-timeout`; latest seconds kept):
    /// what a target that vanished from the network (its address gone) answers instead of a refusal.
    public internal(set) var connectTimeoutSeconds = ErrorSeconds()

    public init() {}

    mutating func merge(_ o: TargetStats) {
        errorSeconds.merge(o.errorSeconds)
        notDispatchedSeconds.merge(o.notDispatchedSeconds)
        connectTimeoutSeconds.merge(o.connectTimeoutSeconds)
        requests += o.requests
        elb502 += o.elb502
        signatures.merge(o.signatures)
        fastNoValidResponse += o.fastNoValidResponse
        requestSpan.merge(o.requestSpan)
        non502Span.merge(o.non502Span)
        span502.merge(o.span502)
        spanNotDispatched.merge(o.spanNotDispatched)
        if targetGroup == nil { targetGroup = o.targetGroup }
        for (minute, n) in o.minutes502.sorted(by: { $0.key < $1.key }) { add502(minute: minute, n) }
        minutes502Dropped += o.minutes502Dropped
        burst.merge(o.burst)
        examples.merge(o.examples)
    }
}

extension TargetStats {
    /// Counts `n` 502s in `minute`, within the per-target minute bound.
    mutating func add502(minute: Int64, _ n: Int = 1) {
        if minutes502[minute] != nil || minutes502.count < TargetStats.minuteLimit {
            minutes502[minute, default: 0] += n
        } else {
            minutes502Dropped += n
        }
    }
}

/// Per-path, per-target-group, per-client and per-load-balancer statistics.
public struct GroupStats: MergeableStats, Hashable {
    public var requests = 0
    public var elb502 = 0
    public var signatures = SignatureCounts()
    public var fastNoValidResponse = 0
    public var span502 = TimeSpan()
    /// Hashes of the targets that had a no-valid-response 502 here (at most 64 kept).
    var noValidResponseTargets: Set<UInt64> = []
    var examples = ExampleSampler(k: 2)

    public init() {}

    /// Distinct targets with a no-valid-response 502 (saturates at 64).
    public var noValidResponseTargetCount: Int { noValidResponseTargets.count }

    mutating func merge(_ o: GroupStats) {
        requests += o.requests
        elb502 += o.elb502
        signatures.merge(o.signatures)
        fastNoValidResponse += o.fastNoValidResponse
        span502.merge(o.span502)
        for t in o.noValidResponseTargets where noValidResponseTargets.count < 64 { noValidResponseTargets.insert(t) }
        examples.merge(o.examples)
    }
}

/// Per-signature statistics (signature = id + Lambda code / other reason).
public struct SignatureStats: MergeableStats, Hashable {
    public var count = 0
    public var span = TimeSpan()
    public var targetProcessingTime = ProcessingTimeHistogram()
    /// `target_processing_time` rounded to 10 ms → count (at most 4096 distinct values).
    public var fineTargetTimes: [Int: Int] = [:]
    public var fineOverflow = 0
    var examples = ExampleSampler(k: 3)

    public init() {}

    mutating func addTime(_ seconds: Double?) {
        targetProcessingTime.add(seconds)
        guard let s = seconds, s >= 0 else { return }
        let key = Int((s * 100).rounded())
        if fineTargetTimes[key] != nil || fineTargetTimes.count < 4096 {
            fineTargetTimes[key, default: 0] += 1
        } else {
            fineOverflow += 1
        }
    }

    mutating func merge(_ o: SignatureStats) {
        count += o.count
        span.merge(o.span)
        targetProcessingTime.merge(o.targetProcessingTime)
        for (k, v) in o.fineTargetTimes {
            if fineTargetTimes[k] != nil || fineTargetTimes.count < 4096 {
                fineTargetTimes[k, default: 0] += v
            } else {
                fineOverflow += v
            }
        }
        fineOverflow += o.fineOverflow
        examples.merge(o.examples)
    }

    /// The example lines kept for this signature.
    public var exampleLines: [String] { examples.lines }
}

/// Requests and 502s in one minute.
public struct MinuteStats: Sendable, Hashable {
    public var requests = 0
    public var elb502 = 0
    public var signatures = SignatureCounts()

    mutating func merge(_ o: MinuteStats) {
        requests += o.requests
        elb502 += o.elb502
        signatures.merge(o.signatures)
    }
}
