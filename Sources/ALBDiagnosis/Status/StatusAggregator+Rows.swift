/// Building the status aggregate from rows that a query engine already grouped (Athena, DuckDB), instead of
/// from log lines: each method adds one result row to the same tables `add(_:record:pathHash:path:)` fills,
/// so the status causes read a query engine's answer exactly as they read a local scan.
///
/// Times are microseconds since the epoch. Rows of one table should arrive in order of their first line, as a
/// local scan meets them: the bounded tables keep the first keys they see.
extension StatusAggregator {
    /// A per-signature breakdown (`StatusSignatureStats.targets`, `.paths`, `.targetGroups`, `.protocols`).
    public enum Breakdown: Sendable, Hashable {
        /// `ip:port`.
        case target
        /// The normalised request path.
        case path
        /// The target group's name.
        case targetGroup
        /// `h2 HTTP/2.0`, `https HTTP/1.1`, …
        case clientProtocol
    }

    /// `count` lines of `status` (≥ 400) that `source` produced, the first and last at `first` / `last`.
    public mutating func addCodeRow(status: Int, source: ErrorSource, count: Int, first: Int64, last: Int64) {
        guard count > 0, status >= 400 else { return }
        var stats = codes[status] ?? StatusStats()
        stats.count += count
        stats.span.add(first)
        stats.span.add(last)
        stats.sources[source, default: 0] += count
        codes[status] = stats
    }

    /// `count` lines of one signature (a code other than 502), the first and last at `first` / `last`.
    public mutating func addSignatureRow(_ signature: StatusSignature, count: Int, first: Int64, last: Int64) {
        guard count > 0, signature.status != 502 else { return }
        var key = signature
        if signatureTable[key] == nil && signatureTable.count >= StatusAggregator.signatureLimit {
            signatureOverflow += count
            key = StatusSignature(status: signature.status, id: signature.id, code: "(more codes)")
        }
        var stats = signatureTable[key] ?? StatusSignatureStats(seed: seed)
        stats.count += count
        stats.span.add(first)
        stats.span.add(last)
        signatureTable[key] = stats
    }

    /// `count` lines of one signature under one key of a breakdown.
    public mutating func addBreakdownRow(_ signature: StatusSignature, _ breakdown: Breakdown, key: String, count: Int)
    {
        guard count > 0 else { return }
        update(signature) { stats in
            switch breakdown {
            case .target: StatusStats.bump(&stats.targets, key, count)
            case .path: StatusStats.bump(&stats.paths, key, count)
            case .targetGroup: StatusStats.bump(&stats.targetGroups, key, count)
            case .clientProtocol: StatusStats.bump(&stats.protocols, key, count)
            }
        }
    }

    /// `count` lines of one signature on `target` (`ip:port`) in `minute` (minutes since the epoch), within the
    /// signature's bound on (target, minute) keys.
    public mutating func addTargetMinuteRow(_ signature: StatusSignature, target: String, minute: Int64, count: Int) {
        guard count > 0 else { return }
        update(signature) {
            $0.addTargetMinute(StatusSignatureStats.TargetMinute(target: target, minute: minute), count)
        }
    }

    /// `count` lines of one signature whose (target, minute) did not fit its bound (a query engine did not send
    /// their rows back).
    public mutating func addDroppedTargetMinutes(_ signature: StatusSignature, count: Int) {
        guard count > 0 else { return }
        update(signature) { $0.targetMinutesDropped += count }
    }

    /// `count` lines of one signature whose `target_processing_time` fell in histogram bucket `bucket`
    /// (an index into `ProcessingTimeHistogram.labels`).
    public mutating func addProcessingTimeRow(_ signature: StatusSignature, bucket: Int, count: Int) {
        guard count > 0 else { return }
        update(signature) { $0.targetProcessingTime.add(bucket: bucket, count: count) }
    }

    /// `count` lines of one signature whose `time` − `request_creation_time` fell in histogram bucket `bucket`,
    /// and in whole second `second` (`nil` when unknown or negative; at most 4001).
    public mutating func addElapsedRow(_ signature: StatusSignature, bucket: Int, second: Int?, count: Int) {
        guard count > 0 else { return }
        update(signature) { stats in
            stats.elapsed.add(bucket: bucket, count: count)
            if let second { stats.elapsedSeconds[min(4001, second), default: 0] += count }
        }
    }

    /// `count` successful requests on `path` whose `target_processing_time` fell in histogram bucket `bucket`,
    /// the slowest taking `maximum` seconds.
    public mutating func addSuccessLatencyRow(path: String, bucket: Int, count: Int, maximum: Double) {
        guard count > 0 else { return }
        let hash = ByteHash.hash(path)
        if let slot = successLatency.slot(hash, makeKey: { path }) {
            successLatency.rows[slot].add(bucket: bucket, count: count, maximum: maximum)
        } else {
            successLatency.other.add(bucket: bucket, count: count, maximum: maximum)
        }
    }

    /// An example line of one signature, offered to its sample (ranked as a local scan ranks the same line).
    public mutating func addExample(line: String, signature: StatusSignature) {
        var copy = line
        let seed = self.seed
        let rank = copy.withUTF8 { ExampleSampler.rank(UnsafeRawBufferPointer($0), seed: seed) }
        update(signature) { $0.examples.offer(rank: rank, line: line) }
    }

    /// Applies `body` to the signature's statistics, or to its `(more codes)` fold; a signature never counted is
    /// left alone.
    private mutating func update(_ signature: StatusSignature, _ body: (inout StatusSignatureStats) -> Void) {
        var key = signature
        if signatureTable[key] == nil {
            key = StatusSignature(status: signature.status, id: signature.id, code: "(more codes)")
        }
        guard var stats = signatureTable[key] else { return }
        body(&stats)
        signatureTable[key] = stats
    }
}

extension PathLatencyStats {
    /// `count` requests in histogram bucket `bucket`, the slowest taking `maximum` seconds.
    mutating func add(bucket: Int, count: Int, maximum seconds: Double) {
        requests += count
        maximum = max(maximum, seconds)
        histogram.add(bucket: bucket, count: count)
    }
}
