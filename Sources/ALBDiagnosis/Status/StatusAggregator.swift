import ALBAccessLog

/// The streaming part of the triage that covers every status code besides the 502 detail: per-code
/// counts and attribution for every code ≥ 400, exact signatures (with bounded breakdowns and a
/// deterministic example sample) for every error code other than 502, and the
/// `target_processing_time` of successful requests per path (to compare with the idle timeout).
///
/// `TriageAggregator` owns one and feeds it every line; memory is bounded like the 502 tables.
public struct StatusAggregator: Sendable {
    /// Seed of the example sampler.
    public let seed: UInt64
    /// Every `elb_status_code` ≥ 400 (502 included) → counts and attribution.
    public internal(set) var codes: [Int: StatusStats] = [:]
    /// Signatures of the error codes other than 502 (at most `signatureLimit`; overflow folded).
    public internal(set) var signatureTable: [StatusSignature: StatusSignatureStats] = [:]
    /// Lines folded into a `(more codes)` signature because the table was full.
    public internal(set) var signatureOverflow = 0
    var successLatency: BoundedTable<PathLatencyStats>

    /// Most distinct signatures kept.
    public static let signatureLimit = 512

    /// Creates an empty aggregator.
    public init(seed: UInt64 = 502, paths: Int = 4096) {
        self.seed = seed
        successLatency = BoundedTable(capacity: paths)
    }

    /// What one line contributes. Decoding is lenient: a field this triage cannot read counts as
    /// absent, so it never makes the scan skip a line the 502 triage accepts.
    public struct Observation: Sendable {
        var status: Int
        var time: Int64
        /// `target_processing_time` of a 2xx/3xx line.
        var successTime: Double?
        var fields: StatusClassifier.Fields?

        /// Decodes what the status triage needs from `record`.
        public init(_ record: AccessLogRecord, status: Int, time: Int64) {
            self.status = status
            self.time = time
            if status < 400 {
                let tpt = try? record.targetProcessingTime
                successTime = (tpt ?? nil).flatMap { $0 >= 0 ? $0 : nil }
                return
            }
            var f = StatusClassifier.Fields(status: status)
            f.targetStatusCode = (try? record.targetStatusCode) ?? nil
            f.hasTarget = record.targetBytes != nil
            if status != 502 {
                f.requestProcessingTime = (try? record.requestProcessingTime) ?? nil
                f.targetProcessingTime = (try? record.targetProcessingTime) ?? nil
                f.responseProcessingTime = (try? record.responseProcessingTime) ?? nil
                if !record.isDash(.requestCreationTime), let b = record.rawField(.requestCreationTime),
                    let created = LogTimestamp.parse(b)
                {
                    f.elapsed = Double(time - created.microsecondsSinceEpoch) / 1_000_000
                }
                f.actionsExecuted =
                    record.isDash(.actionsExecuted)
                    ? nil : record.rawField(.actionsExecuted).map { String(decoding: $0, as: UTF8.self) }
                if let b = record.rawField(.matchedRulePriority), b.count == 2, b[0] == UInt8(ascii: "-"),
                    b[1] == UInt8(ascii: "1")
                {
                    f.matchedRulePriority = -1
                }
            }
            f.errorReason = record.errorReasonBytes.map { String(decoding: $0, as: UTF8.self) }
            fields = f
        }
    }

    /// Counts one observed line. `pathHash` / `path` are the normalised request path (as the 502
    /// tables use it); `line` is the verbatim line.
    mutating func add(
        _ o: Observation,
        record: AccessLogRecord,
        pathHash: UInt64,
        path: () -> String
    ) {
        if let t = o.successTime {
            if let slot = successLatency.slot(pathHash, makeKey: path) {
                successLatency.rows[slot].add(t)
            } else {
                successLatency.other.add(t)
            }
            return
        }
        guard let f = o.fields else { return }
        var stats = codes[o.status] ?? StatusStats()
        stats.count += 1
        stats.span.add(o.time)
        let source =
            o.status == 502
            ? SignatureClassifier.source(
                targetStatusCode: f.targetStatusCode,
                hasTarget: f.hasTarget,
                errorReason: f.errorReason
            )
            : StatusClassifier.source(f)
        stats.sources[source, default: 0] += 1
        codes[o.status] = stats
        guard o.status != 502 else { return }

        var signature = StatusClassifier.classify(f)
        if signatureTable[signature] == nil && signatureTable.count >= StatusAggregator.signatureLimit {
            signatureOverflow += 1
            signature = StatusSignature(status: signature.status, id: signature.id, code: "(more codes)")
        }
        var sig = signatureTable[signature] ?? StatusSignatureStats(seed: seed)
        sig.count += 1
        sig.span.add(o.time)
        sig.targetProcessingTime.add(f.targetProcessingTime)
        sig.elapsed.add(f.elapsed)
        if let e = f.elapsed, e >= 0 { sig.elapsedSeconds[min(4001, Int(e.rounded(.down))), default: 0] += 1 }
        if let t = record.targetBytes {
            let target = String(decoding: t, as: UTF8.self)
            StatusStats.bump(&sig.targets, target)
            let minute = o.time >= 0 ? o.time / 60_000_000 : (o.time - 59_999_999) / 60_000_000
            sig.addTargetMinute(StatusSignatureStats.TargetMinute(target: target, minute: minute))
        }
        StatusStats.bump(&sig.paths, path())
        if !record.isDash(.targetGroupARN), let g = record.rawField(.targetGroupARN) {
            let name = TriageAggregator.groupName(fromARN: g) ?? g
            StatusStats.bump(&sig.targetGroups, String(decoding: name, as: UTF8.self))
        }
        StatusStats.bump(&sig.protocols, StatusAggregator.protocolKey(record))
        sig.examples.offer(
            rank: ExampleSampler.rank(record.lineBytes, seed: seed),
            line: String(decoding: record.lineBytes, as: UTF8.self)
        )
        signatureTable[signature] = sig
    }

    /// Folds in another aggregator (same seed).
    public mutating func merge(_ other: StatusAggregator) {
        for (k, v) in other.codes {
            var mine = codes[k] ?? StatusStats()
            mine.merge(v)
            codes[k] = mine
        }
        for (k, v) in other.signatureTable {
            if var mine = signatureTable[k] {
                mine.merge(v)
                signatureTable[k] = mine
            } else if signatureTable.count < StatusAggregator.signatureLimit {
                signatureTable[k] = v
            } else {
                let key = StatusSignature(status: k.status, id: k.id, code: "(more codes)")
                var bucket = signatureTable[key] ?? StatusSignatureStats(seed: seed)
                bucket.merge(v)
                signatureTable[key] = bucket
                signatureOverflow += v.count
            }
        }
        signatureOverflow += other.signatureOverflow
        successLatency.merge(other.successLatency)
    }

    // MARK: Views

    /// The signatures of one code, most frequent first (ties by signature order).
    public func signatures(of status: Int) -> [(signature: StatusSignature, stats: StatusSignatureStats)] {
        signatureTable.filter { $0.key.status == status }.map { ($0.key, $0.value) }.sorted {
            $0.stats.count != $1.stats.count ? $0.stats.count > $1.stats.count : $0.signature < $1.signature
        }
    }

    /// The stats of one signature, if seen.
    public func stats(of signature: StatusSignature) -> StatusSignatureStats? { signatureTable[signature] }

    /// All lines of `status` whose signature id is `id` (any code; every signature when `id` is nil), merged.
    public func merged(status: Int, id: String? = nil) -> StatusSignatureStats? {
        var out: StatusSignatureStats?
        for (k, v) in signatureTable where k.status == status && (id == nil || k.id == id) {
            if out == nil { out = StatusSignatureStats(seed: seed) }
            out?.merge(v)
        }
        return out
    }

    /// Lines of `status` with an `error_reason` starting with `prefix`, per code.
    public func errorReasons(status: Int, prefix: String) -> [(code: String, stats: StatusSignatureStats)] {
        signatureTable.filter {
            $0.key.status == status && $0.key.id == StatusSignature.errorReason && ($0.key.code ?? "").hasPrefix(prefix)
        }.map { ($0.key.code ?? "", $0.value) }.sorted {
            $0.stats.count != $1.stats.count ? $0.stats.count > $1.stats.count : $0.code < $1.code
        }
    }

    /// Successful-request latency on a normalised path (`nil` when the path had no successful request).
    public func successLatency(onPath path: String) -> PathLatencyStats? {
        guard let i = successLatency.keys.firstIndex(of: path) else { return nil }
        return successLatency.rows[i]
    }

    /// Codes whose lines the load balancer generated at least once (≥ 400), with their counts.
    public var loadBalancerCodes: [(status: Int, stats: StatusStats)] {
        codes.filter { ($0.value.sources[.loadBalancer] ?? 0) > 0 }.map { ($0.key, $0.value) }.sorted {
            $0.status < $1.status
        }
    }

    /// `h2 HTTP/2.0`, `https HTTP/1.1`, `grpcs HTTP/2.0`: the listener type and request version.
    static func protocolKey(_ record: AccessLogRecord) -> String {
        let type = record.rawField(.type).map { String(decoding: $0, as: UTF8.self) } ?? "-"
        guard let request = record.rawField(.request), let space = request.lastIndex(of: UInt8(ascii: " ")) else {
            return type
        }
        let version = String(decoding: UnsafeRawBufferPointer(rebasing: request[(space + 1)...]), as: UTF8.self)
        return "\(type) \(version)"
    }
}
