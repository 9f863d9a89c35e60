import ALBAccessLog

/// One minute of one target's health checks: passes, failures and the failures' reason codes.
public struct HealthCheckMinute: Sendable, Hashable {
    /// Checks that passed.
    public internal(set) var pass = 0
    /// Checks that failed.
    public internal(set) var fail = 0
    /// Failed checks per reason code (`TimedOut`, `ConnectionReset`, …; `-` when the line has none).
    public internal(set) var reasons: [String: Int] = [:]

    /// Creates an empty minute.
    public init() {}

    mutating func merge(_ o: HealthCheckMinute) {
        pass += o.pass
        fail += o.fail
        for (k, v) in o.reasons { reasons[k, default: 0] += v }
    }
}

/// The health checks of one target in one target group (``HealthCheckAggregator``).
public struct HealthCheckTargetStats: MergeableStats, Hashable {
    /// `ip:port` as logged, or the Lambda function's ARN.
    public internal(set) var target = ""
    /// The target group's name (`target_group_id`), `-` when the line has none.
    public internal(set) var targetGroup = "-"
    /// Checks that passed.
    public internal(set) var pass = 0
    /// Checks that failed.
    public internal(set) var fail = 0
    /// Failed checks per reason code.
    public internal(set) var failReasons: [String: Int] = [:]
    /// Failed checks per `status_code` the target answered (`-` for no answer).
    public internal(set) var failStatusCodes: [String: Int] = [:]
    /// Checks over TLS (`https`, `h2`).
    public internal(set) var tlsChecks = 0
    /// First and last check.
    public internal(set) var span = TimeSpan()
    /// First and last failed check.
    public internal(set) var failSpan = TimeSpan()
    /// Checks per minute (minute = µs / 60 000 000), at most ``minuteLimit`` minutes.
    public internal(set) var minutes: [Int64: HealthCheckMinute] = [:]
    /// Checks in minutes beyond ``minuteLimit``.
    public internal(set) var minutesDropped = 0
    /// The first failed check lines (at most 2), verbatim.
    public internal(set) var failExamples: [String] = []

    /// How many distinct minutes a target keeps (bounds memory: 1024 targets × 1440 minutes).
    public static let minuteLimit = 1440

    public init() {}

    /// Whether its checks were made over TLS (most of them).
    public var usesTLS: Bool { tlsChecks * 2 > pass + fail }

    /// The minutes in order with their checks.
    public var sortedMinutes: [(minute: Int64, checks: HealthCheckMinute)] {
        minutes.keys.sorted().compactMap { m in minutes[m].map { (m, $0) } }
    }

    /// How often consecutive minutes with checks changed between only-passing and failing: a target flapping
    /// between healthy and unhealthy changes often; one that went down once changes once.
    public var transitions: Int {
        var previous: Bool?
        var n = 0
        for (_, c) in sortedMinutes {
            let failing = c.fail > 0
            if let previous, previous != failing { n += 1 }
            previous = failing
        }
        return n
    }

    /// Failed checks with one of `reasons`.
    public func failures(_ reasons: Set<String>) -> Int {
        failReasons.filter { reasons.contains($0.key) }.reduce(0) { $0 + $1.value }
    }

    mutating func add(minute: Int64, pass passed: Bool, reason: String?) {
        guard minutes[minute] != nil || minutes.count < Self.minuteLimit else {
            minutesDropped += 1
            return
        }
        var m = minutes[minute] ?? HealthCheckMinute()
        if passed {
            m.pass += 1
        } else {
            m.fail += 1
            m.reasons[reason ?? "-", default: 0] += 1
        }
        minutes[minute] = m
    }

    mutating func merge(_ o: HealthCheckTargetStats) {
        if target.isEmpty {
            target = o.target
            targetGroup = o.targetGroup
        }
        pass += o.pass
        fail += o.fail
        for (k, v) in o.failReasons { failReasons[k, default: 0] += v }
        for (k, v) in o.failStatusCodes { failStatusCodes[k, default: 0] += v }
        tlsChecks += o.tlsChecks
        span.merge(o.span)
        failSpan.merge(o.failSpan)
        for (minute, checks) in o.minutes.sorted(by: { $0.key < $1.key }) {
            if minutes[minute] != nil || minutes.count < Self.minuteLimit {
                var m = minutes[minute] ?? HealthCheckMinute()
                m.merge(checks)
                minutes[minute] = m
            } else {
                minutesDropped += checks.pass + checks.fail
            }
        }
        minutesDropped += o.minutesDropped
        for line in o.failExamples where failExamples.count < 2 { failExamples.append(line) }
    }
}
