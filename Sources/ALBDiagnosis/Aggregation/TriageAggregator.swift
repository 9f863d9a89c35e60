import ALBAccessLog

/// Receives progress from a scan (lines and bytes consumed); called every few thousand lines.
public protocol ScanProgressSink: AnyObject, Sendable {
    /// `lines` more lines (`bytes` bytes of uncompressed text) were consumed.
    func advance(lines: Int, bytes: Int)
}

/// The streaming 502 triage aggregator: one pass over access-log records, bounded memory.
///
/// It counts everything the rules need: scope (requests, time range, load balancers, status codes),
/// 502 source attribution, exact signature counts, per-target / target-group / path / client /
/// load-balancer breakdowns (bounded tables with an "other" row), a per-minute timeline, processing
/// time histograms, per-target first/last 502 and last request, the end-of-traffic burst per target,
/// and a deterministic sample of verbatim example lines per signature.
///
/// Non-502 lines cost a few field reads and hash-table lookups; strings are built only for 502 lines
/// and for keys seen for the first time.
public struct TriageAggregator: AccessLogConsumer {
    /// Capacities of the bounded tables.
    public struct Limits: Sendable, Hashable {
        public var targets = 4096
        public var targetGroups = 1024
        public var paths = 4096
        public var clients = 4096
        public var loadBalancers = 256
        public var signatures = 256
        /// Client connections (`conn_trace_id`) whose 502s are counted.
        public var connections = 4096
        /// Minutes kept in the timeline (default 31 days).
        public var minutes = 44_640

        public init() {}
    }

    public let limits: Limits
    /// Seed of the example sampler.
    public let seed: UInt64

    public internal(set) var requests = 0
    public internal(set) var span = TimeSpan()
    public internal(set) var elb502 = 0
    /// `elb_status_code` → count; `-1` stands for a `-` status.
    public internal(set) var statusCodes: [Int: Int] = [:]
    public internal(set) var sources: [ErrorSource: Int] = [:]

    var signatureTable: [Signature: SignatureStats] = [:]
    var signatureOverflow = 0
    var targets: BoundedTable<TargetStats>
    var targetGroups: BoundedTable<GroupStats>
    var paths: BoundedTable<GroupStats>
    var clients: BoundedTable<GroupStats>
    var loadBalancers: BoundedTable<GroupStats>
    /// 502s per client connection (`conn_trace_id`), for the join with the connection logs.
    var connections502: BoundedTable<ConnectionErrorStats>
    public internal(set) var timeline: [Int64: MinuteStats] = [:]
    public internal(set) var timelineDropped = 0
    /// Every other status code: counts, attribution, signatures (for `--status`).
    public internal(set) var statuses: StatusAggregator

    /// Optional progress reporting (not part of the result).
    var progress: (any ScanProgressSink)?
    private var pendingLines = 0
    private var pendingBytes = 0

    /// Creates an empty aggregator.
    public init(limits: Limits = Limits(), seed: UInt64 = 502, progress: (any ScanProgressSink)? = nil) {
        self.limits = limits
        self.seed = seed
        self.progress = progress
        targets = BoundedTable(capacity: limits.targets)
        targetGroups = BoundedTable(capacity: limits.targetGroups)
        paths = BoundedTable(capacity: limits.paths)
        clients = BoundedTable(capacity: limits.clients)
        loadBalancers = BoundedTable(capacity: limits.loadBalancers)
        connections502 = BoundedTable(capacity: limits.connections)
        statuses = StatusAggregator(seed: seed, paths: limits.paths)
    }

    // MARK: Consuming

    public mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
        let status = try record.elbStatusCode
        let time = try record.time.microsecondsSinceEpoch
        let is502 = status == 502
        let line = record.lineBytes
        // Decode everything that can throw before changing any count, so a skipped line leaves no trace.
        var targetStatus: Int?
        var rpt: Double?
        var tpt: Double?
        var rspt: Double?
        if is502 {
            targetStatus = try record.targetStatusCode
            rpt = try record.requestProcessingTime
            tpt = try record.targetProcessingTime
            rspt = try record.responseProcessingTime
        }
        let observation = status.map { StatusAggregator.Observation(record, status: $0, time: time) }
        // A 504 connection timeout to a target: lined up with the target's other errors (TargetDepartures).
        let connectTimeout =
            status == 504
            && observation?.fields.map { StatusClassifier.classify($0).id == StatusSignature.connectTimeout } == true

        if progress != nil {
            pendingLines += 1
            pendingBytes += line.count + 1
            if pendingLines >= 8192 { flushProgress() }
        }

        requests += 1
        span.add(time)
        statusCodes[status ?? -1, default: 0] += 1

        let minute = time >= 0 ? time / 60_000_000 : (time - 59_999_999) / 60_000_000
        if timeline[minute] != nil || timeline.count < limits.minutes {
            timeline[minute, default: MinuteStats()].requests += 1
        } else {
            timelineDropped += 1
        }

        let elbBytes = record.rawField(.elb) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let elbHash = ByteHash.hash(elbBytes)
        let lbSlot = loadBalancers.slot(elbHash) { String(decoding: elbBytes, as: UTF8.self) }

        let targetBytes = record.targetBytes
        let targetHash = targetBytes.map { ByteHash.hash($0) }
        var targetSlot: Int?
        if let targetBytes, let targetHash {
            targetSlot = targets.slot(targetHash) { String(decoding: targetBytes, as: UTF8.self) }
        }

        var groupSlot: Int?
        if !record.isDash(.targetGroupARN), let groupBytes = record.rawField(.targetGroupARN) {
            let h = ByteHash.hash(groupBytes)
            groupSlot = targetGroups.slot(h) { String(decoding: groupBytes, as: UTF8.self) }
            if let targetSlot, targets.rows[targetSlot].targetGroup == nil, let groupSlot {
                targets.rows[targetSlot].targetGroup = TriageAggregator.groupName(fromARN: targetGroups.keys[groupSlot])
            }
        }

        let requestBytes = record.rawField(.request) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let pathHash = PathNormalizer.hash(ofRequest: requestBytes)
        let pathSlot = paths.slot(pathHash) { PathNormalizer.path(ofRequest: requestBytes) }

        // Totals for every line.
        if let lbSlot { loadBalancers.rows[lbSlot].requests += 1 } else { loadBalancers.other.requests += 1 }
        if let targetSlot {
            targets.rows[targetSlot].requests += 1
            targets.rows[targetSlot].requestSpan.add(time)
            if connectTimeout {
                targets.rows[targetSlot].connectTimeoutSeconds.add(time: time)
            } else if !is502 && status != 460 {
                targets.rows[targetSlot].non502Span.add(time)
            }
        } else if targetHash != nil {
            targets.other.requests += 1
        }
        if let groupSlot { targetGroups.rows[groupSlot].requests += 1 }
        if let pathSlot { paths.rows[pathSlot].requests += 1 } else { paths.other.requests += 1 }
        if let observation {
            statuses.add(observation, record: record, pathHash: pathHash) {
                PathNormalizer.path(ofRequest: requestBytes)
            }
        }

        guard is502 else { return }

        // 502 lines: classify.
        let errorReason = record.errorReasonBytes.map { String(decoding: $0, as: UTF8.self) }
        let actions =
            record.isDash(.actionsExecuted)
            ? nil
            : record.rawField(.actionsExecuted).map {
                String(decoding: $0, as: UTF8.self)
            }
        let hasTarget = targetBytes != nil
        var signature = SignatureClassifier.classify(
            .init(
                targetStatusCode: targetStatus,
                hasTarget: hasTarget,
                requestProcessingTime: rpt,
                targetProcessingTime: tpt,
                responseProcessingTime: rspt,
                errorReason: errorReason,
                actionsExecuted: actions
            )
        )
        let source = SignatureClassifier.source(
            targetStatusCode: targetStatus,
            hasTarget: hasTarget,
            errorReason: errorReason
        )

        elb502 += 1
        sources[source, default: 0] += 1
        if signatureTable[signature] == nil && signatureTable.count >= limits.signatures {
            signatureOverflow += 1
            signature = Signature(signature.id, code: "(more codes)")
        }
        let id = signature.id
        let rank = ExampleSampler.rank(line, seed: seed)
        let text = { String(decoding: line, as: UTF8.self) }
        let fast = id == .noValidResponse && (tpt ?? -1) >= 0 && (tpt ?? 1) < 0.010

        var sig = signatureTable[signature] ?? SignatureStats()
        sig.count += 1
        sig.span.add(time)
        sig.addTime(tpt)
        sig.examples.offer(rank: rank, line: text())
        signatureTable[signature] = sig

        if timeline[minute] != nil {
            timeline[minute]?.elb502 += 1
            timeline[minute]?.signatures.add(id)
        }

        func update(_ g: inout GroupStats) {
            g.elb502 += 1
            g.signatures.add(id)
            g.span502.add(time)
            if fast { g.fastNoValidResponse += 1 }
            if id == .noValidResponse, let targetHash, g.noValidResponseTargets.count < 64 {
                g.noValidResponseTargets.insert(targetHash)
            }
            g.examples.offer(rank: rank, line: text())
        }
        if let lbSlot { update(&loadBalancers.rows[lbSlot]) } else { update(&loadBalancers.other) }
        if let groupSlot { update(&targetGroups.rows[groupSlot]) }
        if let pathSlot { update(&paths.rows[pathSlot]) } else { update(&paths.other) }

        if let clientBytes = record.rawField(.client), !record.isDash(.client) {
            let ip = TriageAggregator.host(of: clientBytes)
            let h = ByteHash.hash(ip)
            clients.update(h, makeKey: { String(decoding: ip, as: UTF8.self) }, { g in update(&g) })
        }

        if !record.isDash(.connTraceID), let traceBytes = record.rawField(.connTraceID), !traceBytes.isEmpty {
            let target = targetBytes.map { String(decoding: $0, as: UTF8.self) }
            let client = record.rawField(.client).map { String(decoding: $0, as: UTF8.self) }
            func updateConnection(_ c: inout ConnectionErrorStats) {
                c.elb502 += 1
                if let target, !c.targets.contains(target), c.targets.count < 4 { c.targets.append(target) }
                if c.client == "-", let client { c.client = client }
                c.span.add(time)
                if c.example == nil { c.example = text() }
            }
            let traceHash = ByteHash.hash(traceBytes)
            connections502.update(traceHash, makeKey: { String(decoding: traceBytes, as: UTF8.self) }, updateConnection)
        }

        if targetHash != nil {
            func updateTarget(_ t: inout TargetStats) {
                t.elb502 += 1
                t.signatures.add(id)
                t.span502.add(time)
                t.add502(minute: minute)
                t.errorSeconds.add(time: time)
                if id == .notDispatched {
                    t.spanNotDispatched.add(time)
                    t.notDispatchedSeconds.add(time: time)
                }
                if id == .noValidResponse { t.burst.add(time: time, pathHash: pathHash) }
                if fast { t.fastNoValidResponse += 1 }
                t.examples.offer(rank: rank, line: text())
            }
            if let targetSlot { updateTarget(&targets.rows[targetSlot]) } else { updateTarget(&targets.other) }
        }
    }

    public mutating func merge(_ other: TriageAggregator) {
        requests += other.requests
        span.merge(other.span)
        elb502 += other.elb502
        for (k, v) in other.statusCodes { statusCodes[k, default: 0] += v }
        for (k, v) in other.sources { sources[k, default: 0] += v }
        for (k, v) in other.signatureTable {
            if var mine = signatureTable[k] {
                mine.merge(v)
                signatureTable[k] = mine
            } else if signatureTable.count < limits.signatures {
                signatureTable[k] = v
            } else {
                let key = Signature(k.id, code: "(more codes)")
                var bucket = signatureTable[key] ?? SignatureStats()
                bucket.merge(v)
                signatureTable[key] = bucket
                signatureOverflow += v.count
            }
        }
        signatureOverflow += other.signatureOverflow
        targets.merge(other.targets)
        targetGroups.merge(other.targetGroups)
        paths.merge(other.paths)
        clients.merge(other.clients)
        loadBalancers.merge(other.loadBalancers)
        connections502.merge(other.connections502)
        statuses.merge(other.statuses)
        for (k, v) in other.timeline {
            if timeline[k] != nil || timeline.count < limits.minutes {
                timeline[k, default: MinuteStats()].merge(v)
            } else {
                timelineDropped += v.requests
            }
        }
        timelineDropped += other.timelineDropped
        // Lines `other` consumed but had not yet reported (fewer than a batch) are reported now.
        if let sink = other.progress, other.pendingLines > 0 {
            sink.advance(lines: other.pendingLines, bytes: other.pendingBytes)
        }
        flushProgress()
    }

    /// Reports any progress not yet reported.
    public mutating func flushProgress() {
        if let progress, pendingLines > 0 {
            progress.advance(lines: pendingLines, bytes: pendingBytes)
        }
        pendingLines = 0
        pendingBytes = 0
    }

    // MARK: Helpers

    /// `10.0.1.7:8080` → `10.0.1.7`; `[2001:db8::1]:443` / `2001:db8::1:443` → the address part.
    static func host(of endpoint: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let colon = endpoint.lastIndex(of: UInt8(ascii: ":")) else { return endpoint }
        var start = 0
        var end = colon
        if endpoint.first == UInt8(ascii: "["), end > 0, endpoint[end - 1] == UInt8(ascii: "]") {
            start = 1
            end -= 1
        }
        return UnsafeRawBufferPointer(rebasing: endpoint[start..<end])
    }

    /// `arn:…:targetgroup/web-http/6d0e…` → `web-http`; anything else unchanged.
    public static func groupName(fromARN arn: String) -> String {
        var arn = arn
        return arn.withUTF8 { utf8 in
            groupName(fromARN: UnsafeRawBufferPointer(utf8)).map { String(decoding: $0, as: UTF8.self) }
        } ?? arn
    }

    /// The bytes of the group's name in an ARN's bytes (after `targetgroup/`, empty path segments skipped, up to
    /// the next `/`); the rest after `targetgroup/` when it has no name; `nil` without `targetgroup/`. Bytes, not
    /// `String.firstRange(of:)`, which costs ~50,000 instructions a call: this runs per new target and signature.
    public static func groupName(fromARN arn: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        let marker: StaticString = "targetgroup/"
        guard let found = ByteSearch.offset(of: marker, in: arn) else { return nil }
        let start = found + marker.utf8CodeUnitCount
        var first = start
        while first < arn.count, arn[first] == UInt8(ascii: "/") { first += 1 }
        guard first < arn.count else { return UnsafeRawBufferPointer(rebasing: arn[start...]) }
        var end = first
        while end < arn.count, arn[end] != UInt8(ascii: "/") { end += 1 }
        return UnsafeRawBufferPointer(rebasing: arn[first..<end])
    }
}
