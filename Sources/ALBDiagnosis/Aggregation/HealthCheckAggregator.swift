import ALBAccessLog

/// The streaming aggregator of health-check logs: one pass, bounded memory. Per target and target group
/// (`target_addr`, `target_group_id`: the group's name) it counts passed and failed checks, the failures'
/// reason codes and status codes, and the checks per minute, which is what the join with the access logs
/// reads (``LoadBalancerLogs``).
public struct HealthCheckAggregator: HealthCheckLogConsumer {
    /// Checks read.
    public private(set) var checks = 0
    /// Failed checks.
    public private(set) var failed = 0
    /// First and last check.
    public private(set) var span = TimeSpan()
    var targets: BoundedTable<HealthCheckTargetStats>

    /// How many (target, target group) pairs get their own row; later ones are counted in ``otherChecks``.
    public static let targetLimit = 1024

    /// Creates an empty aggregator.
    public init(targetLimit: Int = HealthCheckAggregator.targetLimit) {
        targets = BoundedTable(capacity: targetLimit)
    }

    /// Checks of targets beyond the table's capacity.
    public var otherChecks: Int { targets.other.pass + targets.other.fail }

    /// The targets' rows, in first-seen order.
    public var targetRows: [HealthCheckTargetStats] { targets.rows }

    /// The rows of one target (`ip:port` as in the access log, or a Lambda ARN), one per target group.
    public func rows(target: String) -> [HealthCheckTargetStats] {
        targets.rows.filter { $0.target == target }
    }

    /// The rows of one target group (by name).
    public func rows(targetGroup: String) -> [HealthCheckTargetStats] {
        targets.rows.filter { $0.targetGroup == targetGroup }
    }

    public mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError) {
        // Validate the whole line first, so a skipped line leaves no trace in the counts.
        let record = try line.record()
        let time = record.time.microsecondsSinceEpoch
        let minute = time >= 0 ? time / 60_000_000 : (time - 59_999_999) / 60_000_000
        let targetBytes = line.rawField(.targetAddr) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let groupBytes = line.rawField(.targetGroupID) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        var hash = ByteHash.offset
        ByteHash.hash(targetBytes, into: &hash)
        hash = (hash ^ 0x20) &* ByteHash.prime
        ByteHash.hash(groupBytes, into: &hash)
        let passed = record.passed
        let reason = record.reasonCode?.code
        checks += 1
        span.add(time)
        if !passed { failed += 1 }
        let tls = record.type.usesTLS
        let text = passed ? nil : line.lineText
        func update(_ t: inout HealthCheckTargetStats) {
            if t.target.isEmpty {
                t.target = String(decoding: targetBytes, as: UTF8.self)
                t.targetGroup = record.targetGroupName ?? "-"
            }
            if passed {
                t.pass += 1
            } else {
                t.fail += 1
                t.failReasons[reason ?? "-", default: 0] += 1
                t.failStatusCodes[record.statusCode.map(String.init) ?? "-", default: 0] += 1
                t.failSpan.add(time)
                if let text, t.failExamples.count < 2 { t.failExamples.append(text) }
            }
            if tls { t.tlsChecks += 1 }
            t.span.add(time)
            t.add(minute: minute, pass: passed, reason: reason)
        }
        let key = { String(decoding: targetBytes, as: UTF8.self) + " " + String(decoding: groupBytes, as: UTF8.self) }
        targets.update(hash, makeKey: key, update)
    }

    public mutating func merge(_ other: HealthCheckAggregator) {
        checks += other.checks
        failed += other.failed
        span.merge(other.span)
        targets.merge(other.targets)
    }
}
