import ALBAccessLog
import ALBDiagnosis

/// Folds the rows of ``TriageQueries`` into a `TriageAggregator`, so the rules and the report read an
/// Athena (or DuckDB) answer exactly as they read a local scan.
public enum TriageResultAdapter {
    /// A value in a result that is not what the statement produces.
    public struct Malformed: Error, CustomStringConvertible, Sendable {
        public var query: TriageQueries.Name
        public var row: Int
        public var column: String
        public var value: String?
        public var expected: String
        public var description: String {
            "\(query.rawValue) result, row \(row + 1), column \(column): \(value.map { "'\($0)'" } ?? "NULL"); expected \(expected)"
        }
    }

    /// What the queries add up to.
    public struct Outcome: Sendable {
        /// The aggregate the rules read.
        public var logs: TriageAggregator
        /// Lines in the window, lines the table's regex did not match in the partitions read.
        public var linesParsed: Int
        public var linesUnmatched: Int
    }

    /// Builds the aggregate from the results of every statement (missing ones count as empty).
    public static func aggregate(
        _ results: [TriageQueries.Name: QueryResult],
        seed: UInt64 = 502
    ) throws(Malformed) -> Outcome {
        var logs = TriageAggregator(seed: seed)
        var unmatched = 0
        func rows(_ name: TriageQueries.Name) -> [QueryResult.Row] { results[name]?.namedRows ?? [] }

        for row in rows(.timeline) {
            let count = try int(row, "requests", .timeline)
            guard let minuteText = row["minute"] else {
                unmatched += count
                continue
            }
            let minute = try timestamp(minuteText + ":00Z", row, "minute", .timeline).microsecondsSinceEpoch
            logs.addTimelineRow(
                minute: minute / 60_000_000,
                status: row["elb_status_code"].flatMap { Int($0) },
                signature: try signature(row, .timeline),
                source: row["source"].flatMap(ErrorSource.init(rawValue:)),
                count: count,
                first: try time(row, "first_time", .timeline),
                last: try time(row, "last_time", .timeline)
            )
        }
        for row in rows(.targets) {
            logs.addTargetRow(
                loadBalancer: row["elb"] ?? "",
                targetGroupARN: row["target_group"],
                target: row["target"],
                signature: try signature(row, .targets),
                count: try int(row, "requests", .targets),
                first: try time(row, "first_time", .targets),
                last: try time(row, "last_time", .targets),
                fast: try int(row, "fast", .targets)
            )
        }
        for row in rows(.pathsAndClients) {
            let sig = try signature(row, .pathsAndClients)
            let count = try int(row, "requests", .pathsAndClients)
            let first = try time(row, "first_time", .pathsAndClients)
            let last = try time(row, "last_time", .pathsAndClients)
            let fast = try int(row, "fast", .pathsAndClients)
            let targets = try int(row, "no_valid_response_targets", .pathsAndClients)
            if row["by_client"] == "1" {
                guard let sig, let client = row["client"] else { continue }
                logs.addClientRow(
                    client: clientHost(client),
                    signature: sig,
                    count: count,
                    first: first,
                    last: last,
                    fast: fast,
                    noValidResponseTargets: targets
                )
            } else {
                logs.addPathRow(
                    path: normalizedPath(row["url_path"]),
                    signature: sig,
                    count: count,
                    first: first,
                    last: last,
                    fast: fast,
                    noValidResponseTargets: targets
                )
            }
        }
        for row in rows(.processingTimes) {
            guard let sig = try signature(row, .processingTimes) else { continue }
            let seconds = try row["target_processing_time"].map { (text) throws(Malformed) -> Double in
                guard let d = Double(text) else {
                    throw Malformed(
                        query: .processingTimes,
                        row: row.number,
                        column: "target_processing_time",
                        value: text,
                        expected: "a number"
                    )
                }
                return d
            }
            logs.addProcessingTimeRow(
                signature: sig,
                seconds: seconds,
                count: try int(row, "requests", .processingTimes)
            )
        }
        for row in rows(.bursts) {
            guard let target = row["target"] else { continue }
            logs.addBurstRow(
                target: target,
                path: normalizedPath(row["url_path"]),
                time: try time(row, "last_time", .bursts),
                count: try int(row, "requests", .bursts)
            )
        }
        for row in rows(.examples) {
            guard let sig = try signature(row, .examples) else { continue }
            logs.addExample(
                line: exampleLine(row),
                signature: sig,
                target: row["target"],
                path: normalizedPath(row["url_path"])
            )
        }
        return Outcome(logs: logs, linesParsed: logs.requests, linesUnmatched: unmatched)
    }

    // MARK: Values

    /// `id` or `id/code` → a signature.
    static func signature(_ row: QueryResult.Row, _ query: TriageQueries.Name) throws(Malformed) -> Signature? {
        guard let text = row["signature"] else { return nil }
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let id = SignatureID(rawValue: first) else {
            throw Malformed(
                query: query,
                row: row.number,
                column: "signature",
                value: text,
                expected: "a signature id (\(SignatureID.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        return Signature(id, code: parts.count > 1 ? parts[1] : nil)
    }

    static func int(_ row: QueryResult.Row, _ column: String, _ query: TriageQueries.Name) throws(Malformed) -> Int {
        guard let text = row[column], let n = Int(text) else {
            throw Malformed(query: query, row: row.number, column: column, value: row[column], expected: "an integer")
        }
        return n
    }

    static func time(_ row: QueryResult.Row, _ column: String, _ query: TriageQueries.Name) throws(Malformed) -> Int64 {
        try timestamp(row[column], row, column, query).microsecondsSinceEpoch
    }

    static func timestamp(
        _ text: String?,
        _ row: QueryResult.Row,
        _ column: String,
        _ query: TriageQueries.Name
    ) throws(Malformed) -> LogTimestamp {
        guard let text, let t = LogTimestamp(text) else {
            throw Malformed(
                query: query,
                row: row.number,
                column: column,
                value: text,
                expected: "an ISO 8601 time (2026-11-24T09:00:00.000000Z)"
            )
        }
        return t
    }

    /// The path key a local scan would use for this `request_url` path part.
    static func normalizedPath(_ url: String?) -> String {
        PathNormalizer.path(ofRequest: "- \(url ?? "-") -")
    }

    /// `[2001:db8::1]` → `2001:db8::1`, as a local scan keys clients.
    static func clientHost(_ ip: String) -> String {
        if ip.hasPrefix("["), ip.hasSuffix("]") { return String(ip.dropFirst().dropLast()) }
        return ip
    }

    /// The log line rebuilt from its columns (numbers in the log's own formatting; fields after the last
    /// one present are left out, as on an older, shorter line).
    static func exampleLine(_ row: QueryResult.Row) -> String {
        func v(_ c: String) -> String { row[c] ?? "-" }
        func q(_ c: String) -> String { "\"\(v(c))\"" }
        func seconds(_ c: String) -> String {
            guard let text = row[c], let d = Double(text) else { return "-" }
            if d == -1 { return "-1" }
            let ms = Int((d * 1000).rounded())
            let frac = String(ms % 1000)
            return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
        }
        let target = (row["target_ip"] ?? "").isEmpty ? "-" : "\(v("target_ip")):\(v("target_port"))"
        var fields = [
            v("type"), v("time"), v("elb"), "\(v("client_ip")):\(v("client_port"))", target,
            seconds("request_processing_time"), seconds("target_processing_time"), seconds("response_processing_time"),
            v("elb_status_code"), v("target_status_code"), v("received_bytes"), v("sent_bytes"),
            "\"\(v("request_verb")) \(v("request_url")) \(v("request_proto"))\"", q("user_agent"), v("ssl_cipher"),
            v("ssl_protocol"), v("target_group_arn"), q("trace_id"),
        ]
        let tail: [(String, Bool)] = [
            ("domain_name", true), ("chosen_cert_arn", true), ("matched_rule_priority", false),
            ("request_creation_time", false), ("actions_executed", true), ("redirect_url", true),
            ("lambda_error_reason", true), ("target_port_list", true), ("target_status_code_list", true),
            ("classification", true), ("classification_reason", true), ("conn_trace_id", false),
            ("transformed_host", true), ("transformed_uri", true), ("request_transform_status", true),
        ]
        for (column, quoted) in tail {
            guard row[column] != nil else { break }
            fields.append(quoted ? q(column) : v(column))
        }
        return fields.joined(separator: " ")
    }
}
