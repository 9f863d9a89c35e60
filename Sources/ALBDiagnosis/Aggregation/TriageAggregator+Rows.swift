/// Building an aggregate from rows that a query engine already grouped (Athena, DuckDB), instead of
/// from log lines: each method adds one result row to the same tables `consume(_:)` fills, so the
/// rules and the report read a query engine's answer exactly as they read a local scan.
///
/// Times are microseconds since the epoch. A row's `signature` is `nil` for lines that were not 502.
extension TriageAggregator {
    /// One (minute, status, signature, source) row: `count` lines, first and last `time`.
    public mutating func addTimelineRow(
        minute: Int64,
        status: Int?,
        signature: Signature?,
        source: ErrorSource?,
        count: Int,
        first: Int64,
        last: Int64
    ) {
        guard count > 0 else { return }
        requests += count
        span.add(first)
        span.add(last)
        statusCodes[status ?? -1, default: 0] += count
        if timeline[minute] != nil || timeline.count < limits.minutes {
            timeline[minute, default: MinuteStats()].requests += count
        } else {
            timelineDropped += count
        }
        guard let signature else { return }
        elb502 += count
        sources[source ?? .other, default: 0] += count
        var sig = signatureTable[signature] ?? SignatureStats()
        sig.count += count
        sig.span.add(first)
        sig.span.add(last)
        signatureTable[signature] = sig
        if timeline[minute] != nil {
            timeline[minute]?.elb502 += count
            timeline[minute]?.signatures.add(signature.id, count)
        }
    }

    /// One (load balancer, target group, target, signature) row. `target` is `ip:port`, `nil` for `-`;
    /// `fast` counts the no-valid-response 502s with `target_processing_time` under 10 ms.
    public mutating func addTargetRow(
        loadBalancer: String,
        targetGroupARN: String?,
        target: String?,
        signature: Signature?,
        count: Int,
        first: Int64,
        last: Int64,
        fast: Int
    ) {
        guard count > 0 else { return }
        let id = signature?.id
        let targetHash = target.map { ByteHash.hash($0) }
        func update(_ g: inout GroupStats) {
            g.requests += count
            guard let id else { return }
            g.elb502 += count
            g.signatures.add(id, count)
            g.span502.add(first)
            g.span502.add(last)
            g.fastNoValidResponse += fast
            if id == .noValidResponse, let targetHash, g.noValidResponseTargets.count < 64 {
                g.noValidResponseTargets.insert(targetHash)
            }
        }
        let lbHash = ByteHash.hash(loadBalancer)
        loadBalancers.update(lbHash, makeKey: { loadBalancer }, update)
        var groupSlot: Int?
        if let targetGroupARN {
            groupSlot = targetGroups.slot(ByteHash.hash(targetGroupARN)) { targetGroupARN }
            if let groupSlot { update(&targetGroups.rows[groupSlot]) }
        }
        guard let target, let targetHash else { return }
        targets.update(
            targetHash,
            makeKey: { target },
            { t in
                t.requests += count
                t.requestSpan.add(first)
                t.requestSpan.add(last)
                if t.targetGroup == nil, let targetGroupARN {
                    t.targetGroup = TriageAggregator.groupName(fromARN: targetGroupARN)
                }
                guard let id else {
                    t.non502Span.add(first)
                    t.non502Span.add(last)
                    return
                }
                t.elb502 += count
                t.signatures.add(id, count)
                t.span502.add(first)
                t.span502.add(last)
                if id == .notDispatched {
                    t.spanNotDispatched.add(first)
                    t.spanNotDispatched.add(last)
                }
                t.fastNoValidResponse += fast
            }
        )
    }

    /// One (normalised path, signature) row; `noValidResponseTargets` is the number of distinct targets
    /// with a no-valid-response 502 on this path.
    public mutating func addPathRow(
        path: String,
        signature: Signature?,
        count: Int,
        first: Int64,
        last: Int64,
        fast: Int,
        noValidResponseTargets: Int
    ) {
        guard count > 0 else { return }
        let hash = ByteHash.hash(path)
        paths.update(
            hash,
            makeKey: { path },
            { g in
                TriageAggregator.add(
                    &g,
                    signature: signature,
                    count: count,
                    first: first,
                    last: last,
                    fast: fast,
                    noValidResponseTargets: noValidResponseTargets
                )
            }
        )
    }

    /// One (client IP, signature) row of 502 lines.
    public mutating func addClientRow(
        client: String,
        signature: Signature,
        count: Int,
        first: Int64,
        last: Int64,
        fast: Int,
        noValidResponseTargets: Int
    ) {
        guard count > 0 else { return }
        clients.update(
            ByteHash.hash(client),
            makeKey: { client },
            { g in
                TriageAggregator.add(
                    &g,
                    signature: signature,
                    count: count,
                    first: first,
                    last: last,
                    fast: fast,
                    noValidResponseTargets: noValidResponseTargets
                )
                // Client rows count 502 lines only, as a local scan does.
                g.requests -= count
            }
        )
    }

    /// `count` 502s of one signature whose `target_processing_time` was `seconds` (`nil` for `-`).
    public mutating func addProcessingTimeRow(signature: Signature, seconds: Double?, count: Int) {
        guard count > 0, var sig = signatureTable[signature] else { return }
        for _ in 0..<count { sig.addTime(seconds) }
        signatureTable[signature] = sig
    }

    /// `count` no-valid-response 502s of one target and path in one 100 ms bucket, the latest at `time`
    /// (feeds the end-of-traffic burst detection; rows older than the burst window are dropped by it).
    public mutating func addBurstRow(target: String, path: String, time: Int64, count: Int) {
        guard count > 0, let row = targets.row(for: ByteHash.hash(target)) else { return }
        let pathHash = ByteHash.hash(path)
        for _ in 0..<count { targets.rows[row].burst.add(time: time, pathHash: pathHash) }
    }

    /// `count` 502s of one target in one minute (minutes since the epoch), for its per-minute data (the HTML
    /// report's sparkline); minutes beyond the per-target bound are counted as dropped, as locally.
    public mutating func addTargetMinuteRow(target: String, minute: Int64, count: Int) {
        guard count > 0, let row = targets.row(for: ByteHash.hash(target)) else { return }
        targets.rows[row].add502(minute: minute, count)
    }

    /// `count` 502s of one target in one second (seconds since the epoch), `notDispatched` of them not
    /// dispatched (`-1 -1 -1`): the per-second data its departure and a workload's stop are lined up against.
    public mutating func addTargetSecondRow(target: String, second: Int64, count: Int, notDispatched: Int) {
        guard count > 0, let row = targets.row(for: ByteHash.hash(target)) else { return }
        targets.rows[row].errorSeconds.add(time: second * 1_000_000, count: count)
        if notDispatched > 0 {
            targets.rows[row].notDispatchedSeconds.add(time: second * 1_000_000, count: notDispatched)
        }
    }

    /// Folds in the status aggregate of every other code, built from a query engine's rows.
    public mutating func addStatuses(_ other: StatusAggregator) {
        statuses.merge(other)
    }

    /// An example 502 line, offered to the samples it would reach in a local scan: its signature's, its load
    /// balancer's, target group's (full ARN), path's, client's (IP) and target's; ranked as a local scan ranks
    /// the same line.
    public mutating func addExample(
        line: String,
        signature: Signature,
        target: String?,
        path: String?,
        loadBalancer: String? = nil,
        targetGroupARN: String? = nil,
        client: String? = nil
    ) {
        var copy = line
        let rank = copy.withUTF8 { ExampleSampler.rank(UnsafeRawBufferPointer($0), seed: seed) }
        let key = signatureTable[signature] == nil ? Signature(signature.id, code: "(more codes)") : signature
        if var sig = signatureTable[key] {
            sig.examples.offer(rank: rank, line: line)
            signatureTable[key] = sig
        }
        if let loadBalancer, let row = loadBalancers.row(for: ByteHash.hash(loadBalancer)) {
            loadBalancers.rows[row].examples.offer(rank: rank, line: line)
        }
        if let targetGroupARN, let row = targetGroups.row(for: ByteHash.hash(targetGroupARN)) {
            targetGroups.rows[row].examples.offer(rank: rank, line: line)
        }
        if let path, let row = paths.row(for: ByteHash.hash(path)) {
            paths.rows[row].examples.offer(rank: rank, line: line)
        }
        if let client, let row = clients.row(for: ByteHash.hash(client)) {
            clients.rows[row].examples.offer(rank: rank, line: line)
        }
        if let target, let row = targets.row(for: ByteHash.hash(target)) {
            targets.rows[row].examples.offer(rank: rank, line: line)
        }
    }

    private static func add(
        _ g: inout GroupStats,
        signature: Signature?,
        count: Int,
        first: Int64,
        last: Int64,
        fast: Int,
        noValidResponseTargets: Int
    ) {
        g.requests += count
        guard let signature else { return }
        g.elb502 += count
        g.signatures.add(signature.id, count)
        g.span502.add(first)
        g.span502.add(last)
        g.fastNoValidResponse += fast
        // The set only stands for a count here: distinct placeholder members, at most 64 as locally.
        var i: UInt64 = UInt64(g.noValidResponseTargets.count)
        while g.noValidResponseTargets.count < min(64, noValidResponseTargets) {
            g.noValidResponseTargets.insert(i)
            i += 1
        }
    }
}
