import ALBAccessLog
import ALBDiagnosis

/// Folds the rows of the ``TriageQueries`` statement into a `TriageAggregator` (and its `StatusAggregator`),
/// so the rules and the report read an Athena (or DuckDB) answer exactly as they read a local scan.
public enum TriageResultAdapter {
    /// A value in a result that is not what the statement produces.
    public struct Malformed: Error, CustomStringConvertible, Sendable {
        /// The part (grouping set) of the row, or `part` when that column itself is wrong.
        public var part: String
        public var row: Int
        public var column: String
        public var value: String?
        public var expected: String
        public var description: String {
            "triage result (\(part)), row \(row + 1), column \(column): \(value.map { "'\($0)'" } ?? "NULL"); "
                + "expected \(expected)"
        }
    }

    /// What the rows add up to.
    public struct Outcome: Sendable {
        /// The aggregate the rules read.
        public var logs: TriageAggregator
        /// Lines in the window, lines the table's regex did not match in the partitions read.
        public var linesParsed: Int
        public var linesUnmatched: Int
        /// Error lines (≥ 400) in the window, and how many of them came back for the example samples: when
        /// equal, the examples are the ones a local scan of the same lines keeps.
        public var errorLines: Int
        public var exampleLines: Int
    }

    /// Builds the aggregate from the triage statement's result.
    public static func aggregate(_ result: QueryResult, seed: UInt64 = 502) throws(Malformed) -> Outcome {
        var rows: [TriageQueries.Part: [QueryResult.Row]] = [:]
        for row in result.namedRows {
            guard let text = row["part"], let part = TriageQueries.Part(rawValue: text) else {
                throw Malformed(
                    part: "part",
                    row: row.number,
                    column: "part",
                    value: row["part"],
                    expected: "one of \(TriageQueries.Part.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            rows[part, default: []].append(row)
        }
        var reader = Reader(rows: rows, logs: TriageAggregator(seed: seed))
        try reader.read()
        return Outcome(
            logs: reader.logs,
            linesParsed: reader.logs.requests,
            linesUnmatched: reader.unmatched,
            errorLines: reader.errorLines,
            exampleLines: reader.exampleLines
        )
    }

    /// Reads the parts in the order their tables need each other (rows of a target before its per-minute data).
    struct Reader {
        var rows: [TriageQueries.Part: [QueryResult.Row]]
        var logs: TriageAggregator
        var statuses: StatusAggregator
        var unmatched = 0
        var errorLines = 0
        var exampleLines = 0

        init(rows: [TriageQueries.Part: [QueryResult.Row]], logs: TriageAggregator) {
            self.rows = rows
            self.logs = logs
            statuses = StatusAggregator(seed: logs.seed, paths: logs.limits.paths)
        }

        func part(_ p: TriageQueries.Part) -> [Values] {
            (rows[p] ?? []).map { Values(row: $0, part: p) }
        }

        mutating func read() throws(Malformed) {
            for v in part(.timeline) { try timeline(v) }
            for v in part(.targets) {
                logs.addTargetRow(
                    loadBalancer: v["elb"] ?? "",
                    targetGroupARN: v["target_group"],
                    target: v["target"],
                    signature: try v.signature(),
                    count: try v.int("requests"),
                    first: try v.time("first_time"),
                    last: try v.time("last_time"),
                    fast: try v.int("fast")
                )
            }
            for v in part(.paths) {
                logs.addPathRow(
                    path: v["url_path"] ?? "-",
                    signature: try v.signature(),
                    count: try v.int("requests"),
                    first: try v.time("first_time"),
                    last: try v.time("last_time"),
                    fast: try v.int("fast"),
                    noValidResponseTargets: try v.int("no_valid_response_targets")
                )
            }
            for v in part(.clients) {
                guard let signature = try v.signature(), let client = v["client"] else { continue }
                logs.addClientRow(
                    client: TriageResultAdapter.clientHost(client),
                    signature: signature,
                    count: try v.int("requests"),
                    first: try v.time("first_time"),
                    last: try v.time("last_time"),
                    fast: try v.int("fast"),
                    noValidResponseTargets: try v.int("no_valid_response_targets")
                )
            }
            for v in part(.processingTimes) {
                guard let signature = try v.signature() else { continue }
                logs.addProcessingTimeRow(
                    signature: signature,
                    seconds: try v.double("tpt"),
                    count: try v.int("requests")
                )
            }
            for v in part(.bursts) {
                guard let target = v["nvr_target"] else { continue }
                logs.addBurstRow(
                    target: target,
                    path: v["url_path"] ?? "-",
                    time: try v.time("last_time"),
                    count: try v.int("requests")
                )
            }
            for v in part(.targetMinutes) {
                guard let target = v["err_target"] else { continue }
                logs.addTargetMinuteRow(
                    target: target,
                    minute: try v.timestamp("err_minute", suffix: ":00Z").microsecondsSinceEpoch / 60_000_000,
                    count: try v.int("requests")
                )
            }
            for v in part(.targetSeconds) {
                guard let target = v["err_target"] else { continue }
                logs.addTargetSecondRow(
                    target: target,
                    second: try v.timestamp("err_second", suffix: "Z").microsecondsSinceEpoch / 1_000_000,
                    count: try v.int("requests"),
                    notDispatched: try v.int("not_dispatched")
                )
            }
            try statusParts()
            for v in part(.successLatency) {
                guard let path = v["ok_path"] else { continue }
                statuses.addSuccessLatencyRow(
                    path: path,
                    bucket: try v.int("tpt_bucket"),
                    count: try v.int("requests"),
                    maximum: try v.double("max_time") ?? 0
                )
            }
            try examples()
            logs.addStatuses(statuses)
        }

        mutating func timeline(_ v: Values) throws(Malformed) {
            let count = try v.int("requests")
            guard let minuteText = v["minute"] else {
                unmatched += count
                return
            }
            let status = v["elb_status_code"].flatMap { Int($0) }
            let signature = try v.signature()
            let source = try v.source()
            let first = try v.time("first_time")
            let last = try v.time("last_time")
            logs.addTimelineRow(
                minute: try v.timestamp("minute", value: minuteText + ":00Z").microsecondsSinceEpoch / 60_000_000,
                status: status,
                signature: signature,
                source: signature == nil ? nil : source,
                count: count,
                first: first,
                last: last
            )
            if let status, status >= 400 {
                errorLines += count
                statuses.addCodeRow(status: status, source: source ?? .other, count: count, first: first, last: last)
            }
        }

        mutating func statusParts() throws(Malformed) {
            for v in part(.statusSignatures) {
                guard let signature = try v.statusSignature() else { continue }
                statuses.addSignatureRow(
                    signature,
                    count: try v.int("requests"),
                    first: try v.time("first_time"),
                    last: try v.time("last_time")
                )
            }
            let breakdowns: [(TriageQueries.Part, String, StatusAggregator.Breakdown)] = [
                (.statusTargets, "target", .target), (.statusPaths, "url_path", .path),
                (.statusTargetGroups, "target_group", .targetGroup), (.statusProtocols, "protocol", .clientProtocol),
            ]
            var targeted: [StatusSignature: Int] = [:]
            for (p, column, breakdown) in breakdowns {
                for v in part(p) {
                    guard let signature = try v.statusSignature(), let key = v[column] else { continue }
                    let count = try v.int("requests")
                    statuses.addBreakdownRow(
                        signature,
                        breakdown,
                        key: breakdown == .targetGroup ? TriageAggregator.groupName(fromARN: key) : key,
                        count: count
                    )
                    if breakdown == .target { targeted[signature, default: 0] += count }
                }
            }
            for v in part(.statusTargetMinutes) {
                guard let signature = try v.statusSignature(), let target = v["target"] else { continue }
                let count = try v.int("requests")
                statuses.addTargetMinuteRow(
                    signature,
                    target: target,
                    minute: try v.timestamp("ss_minute", suffix: ":00Z").microsecondsSinceEpoch / 60_000_000,
                    count: count
                )
                targeted[signature, default: 0] -= count
            }
            // The lines whose (target, minute) rows were cut at the bound.
            for (signature, rest) in targeted.sorted(by: { $0.key < $1.key }) {
                statuses.addDroppedTargetMinutes(signature, count: rest)
            }
            for v in part(.statusProcessingTimes) {
                guard let signature = try v.statusSignature() else { continue }
                statuses.addProcessingTimeRow(signature, bucket: try v.int("tpt_bucket"), count: try v.int("requests"))
            }
            for v in part(.statusElapsed) {
                guard let signature = try v.statusSignature() else { continue }
                statuses.addElapsedRow(
                    signature,
                    bucket: try v.int("elapsed_bucket"),
                    second: v["elapsed_second"] == nil ? nil : try v.int("elapsed_second"),
                    count: try v.int("requests")
                )
            }
        }

        /// Each error line is rebuilt, classified by the same classifiers as a local scan, and offered to the
        /// samples it reaches there.
        mutating func examples() throws(Malformed) {
            let prefix = TriageQueries.examplePrefix
            for v in part(.examples) {
                let line = ExampleLine(row: v.row, prefix: prefix)
                guard let status = line.status else { continue }
                exampleLines += try v.int("requests")
                let text = line.text
                if status == 502 {
                    logs.addExample(
                        line: text,
                        signature: SignatureClassifier.classify(line.signatureFields),
                        target: line.target,
                        path: line.path,
                        loadBalancer: line["elb"],
                        targetGroupARN: line["target_group_arn"].flatMap { $0 == "-" ? nil : $0 },
                        client: line["client_ip"].map(TriageResultAdapter.clientHost)
                    )
                } else if status >= 400 {
                    statuses.addExample(line: text, signature: StatusClassifier.classify(line.statusFields(status)))
                }
            }
        }
    }

    /// One row's values, read by column with errors that name the part, row and column.
    struct Values {
        var row: QueryResult.Row
        var part: TriageQueries.Part

        subscript(_ column: String) -> String? { row[column] }

        func malformed(_ column: String, _ expected: String) -> Malformed {
            Malformed(part: part.rawValue, row: row.number, column: column, value: row[column], expected: expected)
        }

        func int(_ column: String) throws(Malformed) -> Int {
            guard let text = row[column], let n = Int(text) else { throw malformed(column, "an integer") }
            return n
        }

        func double(_ column: String) throws(Malformed) -> Double? {
            guard let text = row[column] else { return nil }
            guard let d = Double(text) else { throw malformed(column, "a number") }
            return d
        }

        func timestamp(_ column: String, value: String? = nil, suffix: String = "") throws(Malformed) -> LogTimestamp {
            guard let text = value ?? row[column].map({ $0 + suffix }), let t = LogTimestamp(text) else {
                throw malformed(column, "an ISO 8601 time (2026-11-24T09:00:00.000000Z)")
            }
            return t
        }

        func time(_ column: String) throws(Malformed) -> Int64 {
            try timestamp(column).microsecondsSinceEpoch
        }

        /// `id` or `id/code` → a 502 signature.
        func signature() throws(Malformed) -> Signature? {
            guard let text = row["signature"] else { return nil }
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let first = parts.first, let id = SignatureID(rawValue: first) else {
                throw malformed(
                    "signature",
                    "a signature id (\(SignatureID.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return Signature(id, code: parts.count > 1 ? parts[1] : nil)
        }

        func source() throws(Malformed) -> ErrorSource? {
            guard let text = row["source"] else { return nil }
            guard let source = ErrorSource(rawValue: text) else {
                throw malformed("source", ErrorSource.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return source
        }

        /// (`ss_status`, `ss_id`, `ss_code`) → the signature of an error line other than 502.
        func statusSignature() throws(Malformed) -> StatusSignature? {
            guard row["ss_status"] != nil || row["ss_id"] != nil else { return nil }
            let status = try int("ss_status")
            guard let id = row["ss_id"], StatusSignature.allIDs.contains(id) else {
                throw malformed("ss_id", "a status signature id (\(StatusSignature.allIDs.joined(separator: ", ")))")
            }
            return StatusSignature(status: status, id: id, code: row["ss_code"])
        }
    }

    /// `[2001:db8::1]` → `2001:db8::1`, as a local scan keys clients.
    static func clientHost(_ ip: String) -> String {
        if ip.hasPrefix("["), ip.hasSuffix("]") { return String(ip.dropFirst().dropLast()) }
        return ip
    }
}
