import ALBAccessLog
import ALBDiagnosis

/// The triage as SQL: **one** statement in Athena's (Trino) dialect that reads the window's partitions once
/// and returns every aggregate the triage needs, as `GROUPING SETS` over the lines (one set per ``Part``),
/// plus the window's error lines for the example samples. ``TriageResultAdapter`` folds its rows into the
/// same `TriageAggregator` (and `StatusAggregator`) a local scan fills.
///
/// Athena bills the bytes a query reads: a text table is read whole, so the statement costs one pass over
/// the `day` partitions of the window (``scans``). The statement has no common table expression and no
/// `UNION` (Trino inlines a CTE at every reference, and each would read the logs again); every ranking and
/// bound runs over the grouped rows, after the scan.
///
/// Only functions that Athena documents and that `sqlglot` translates to DuckDB are used (`substr`,
/// `split_part`, `split`, `transform`, `array_join`, `concat`, `coalesce`, `nullif`, `try_cast`, `least`,
/// `floor`, `date_diff`, `count_if`, `grouping`, `row_number`, `dense_rank`, and `regexp_like` /
/// `regexp_replace` with anchored patterns whose syntax Java regexes and RE2 read alike); times are compared
/// and bucketed as text, which is exact because every `time` has the same 27-character ISO 8601 form.
public struct TriageQueries: Sendable, Hashable {
    /// The statements, in the order they run: one.
    public enum Name: String, Sendable, Hashable, CaseIterable, Codable {
        /// Every aggregate and the error lines, in one pass over the logs.
        case triage
    }

    /// One grouping set of the statement: which rows of the result feed which aggregate (the `part` column).
    public enum Part: String, Sendable, Hashable, CaseIterable, Codable {
        /// (minute, status, 502 signature, source): requests, status codes, signatures, the timeline; lines the
        /// regex did not match (minute NULL).
        case timeline
        /// (load balancer, target group, target, signature): the breakdowns, first/last 502 and last request.
        case targets
        /// (normalised path, signature).
        case paths
        /// (client IP, signature) of the 502s.
        case clients
        /// (signature, `target_processing_time`) of the 502s.
        case processingTimes = "processing_times"
        /// (target, path, 100 ms bucket) of the no-valid-response 502s, the last 21 buckets per target.
        case bursts
        /// (target, minute) of the 502s, the first 240 minutes per target (the HTML page's sparklines).
        case targetMinutes = "target_minutes"
        /// (target, second) of the 502s, the latest 180 seconds per target (and of its not-dispatched ones).
        case targetSeconds = "target_seconds"
        /// (status, signature) of every other error code (≥ 400, not 502).
        case statusSignatures = "status_signatures"
        /// … per target.
        case statusTargets = "status_targets"
        /// … per normalised path.
        case statusPaths = "status_paths"
        /// … per target and minute, the first 4,096 per signature (errors of two codes on one target at once).
        case statusTargetMinutes = "status_target_minutes"
        /// … per target group.
        case statusTargetGroups = "status_target_groups"
        /// … per listener type and protocol version.
        case statusProtocols = "status_protocols"
        /// … per `target_processing_time` bucket.
        case statusProcessingTimes = "status_processing_times"
        /// … per bucket and whole second of `time` − `request_creation_time`.
        case statusElapsed = "status_elapsed"
        /// (normalised path, `target_processing_time` bucket) of the successful requests.
        case successLatency = "success_latency"
        /// The error lines (≥ 400) themselves, for the example samples.
        case examples
    }

    /// The table queried.
    public var table: AccessLogTable
    /// The window `[since, until)` on the lines' own `time`.
    public var since: LogTimestamp
    public var until: LogTimestamp
    /// Most error lines read back for the examples (beyond it: a spread of them, and a few per signature,
    /// target and path). With fewer error lines in the window, all are read and the examples are chosen by the
    /// same rule as a local scan's.
    public var exampleLimit = 10_000
    /// Only this load balancer's lines (`app/<name>/<id>`), when the table holds several.
    public var loadBalancer: String?

    /// How long after a 5-minute interval its file may still be delivered (into the next day's folder).
    public static let deliverySlackSeconds: Int64 = 15 * 60

    /// Table scans per triage: the passes over the window's partitions Athena bills.
    public static let scans = 1

    /// Creates the statements for a table and window.
    public init(table: AccessLogTable, since: LogTimestamp, until: LogTimestamp) {
        self.table = table
        self.since = since
        self.until = until
    }

    /// The first and last `day` partition read: folders are dated by delivery, so a window ending less
    /// than ``deliverySlackSeconds`` before midnight also reads the next day's folder.
    public var days: (first: String, last: String) {
        let last = until.adding(seconds: TriageQueries.deliverySlackSeconds - 1)
        return (TriageQueries.day(since), TriageQueries.day(last))
    }

    /// Every `day` partition read, in order (`yyyy/MM/dd`).
    public var dayList: [String] {
        var out: [String] = []
        var t = since
        let last = days.last
        while true {
            let day = TriageQueries.day(t)
            if day > last { break }
            out.append(day)
            t = t.adding(seconds: 86_400)
        }
        if out.last != last { out.append(last) }
        return out
    }

    static func day(_ t: LogTimestamp) -> String {
        let text = t.description
        return "\(text.prefix(4))/\(text.dropFirst(5).prefix(2))/\(text.dropFirst(8).prefix(2))"
    }

    /// The statement for one name.
    public func sql(_ name: Name) -> String {
        switch name {
        case .triage: triage
        }
    }

    /// Every statement, in order.
    public var statements: [(name: Name, sql: String)] { Name.allCases.map { ($0, sql($0)) } }

    /// All statements as one script: a header saying what they read and cost, then a comment naming each
    /// statement, each ending with `;` on its own line.
    public var script: String {
        let header = """
            -- alb-doctor: \(statements.count) statement, \(TriageQueries.scans) scan of \(table.qualifiedName) \
            (day partitions \(days.first)..\(days.last)).
            -- Athena bills the bytes a query reads: here the .log.gz objects of those day folders, read once, at \
            $\(Int(AthenaCost.dollarsPerTB)) per TB
            -- (10 MB minimum per query). `analyze --engine athena` reports each query's id, bytes scanned, time and \
            cost.


            """
        return header
            + statements.map { "-- alb-doctor triage: \($0.name.rawValue)\n\($0.sql)\n" }.joined(separator: "\n")
    }

    // MARK: Pieces

    private var dayFilter: String { "day BETWEEN '\(days.first)' AND '\(days.last)'" }
    private var inWindow: String {
        var text = "time >= '\(since)' AND time < '\(until)'"
        if let loadBalancer {
            text +=
                " AND elb = '\(loadBalancer.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''"))'"
        }
        return text
    }

    /// The 502 signature as `id` or `id/code`, mirroring `SignatureClassifier` (NULL when not a 502).
    static let signature = """
        CASE
          WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
          WHEN target_status_code = '502' THEN 'target-returned-502'
          WHEN lambda_error_reason LIKE 'Lambda%' THEN concat('lambda-error/', lambda_error_reason)
          WHEN actions_executed LIKE '%fixed-response%' THEN 'other/fixed-response'
          WHEN target_status_code <> '-' THEN concat('other/target-status-', target_status_code)
          WHEN target_ip = '' THEN 'other/no-target'
          WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
            AND coalesce(response_processing_time, -1) = -1 THEN 'not-dispatched'
          ELSE 'no-valid-response'
        END
        """

    /// Who produced an error line: for a 502 mirroring `SignatureClassifier.source`, for another code ≥ 400
    /// `StatusClassifier.source` (NULL below 400).
    static let source = """
        CASE
          WHEN elb_status_code = 502 THEN CASE
            WHEN target_status_code = '502' THEN 'target'
            WHEN target_status_code = '-' AND (target_ip <> '' OR lambda_error_reason LIKE 'Lambda%')
              THEN 'load_balancer'
            ELSE 'other'
          END
          WHEN elb_status_code >= 400 THEN CASE
            WHEN target_status = elb_status_code THEN 'target'
            WHEN actions_executed LIKE '%fixed-response%' THEN 'other'
            WHEN target_status IS NOT NULL AND elb_status_code <> 504 THEN 'other'
            ELSE 'load_balancer'
          END
        END
        """

    /// The signature id of an error line other than 502, mirroring `StatusClassifier.classify` (NULL for 502
    /// and below 400).
    static let connectBand =
        "\(micros(StatusClassifier.connectTimeoutBand.lowerBound)) AND \(micros(StatusClassifier.connectTimeoutBand.upperBound))"

    static let statusSignature = """
        CASE
          WHEN elb_status_code IS NULL OR elb_status_code < 400 OR elb_status_code = 502 THEN NULL
          WHEN target_status = elb_status_code THEN '\(StatusSignature.targetReturned)'
          WHEN coalesce(lambda_error_reason, '-') <> '-' THEN '\(StatusSignature.errorReason)'
          WHEN actions_executed LIKE '%fixed-response%' THEN '\(StatusSignature.fixedResponse)'
          WHEN matched_rule_priority = '-1' THEN '\(StatusSignature.ruleEvaluationError)'
          WHEN target_status IS NOT NULL THEN '\(StatusSignature.targetStatus)'
          WHEN target_ip = '' THEN '\(StatusSignature.noTarget)'
          WHEN elb_status_code = 504 AND elapsed_us BETWEEN \(connectBand)
            THEN '\(StatusSignature.connectTimeout)'
          WHEN elb_status_code = 504 THEN '\(StatusSignature.responseTimeout)'
          WHEN coalesce(request_processing_time, -1) = -1 AND coalesce(target_processing_time, -1) = -1
            AND coalesce(response_processing_time, -1) = -1 THEN '\(StatusSignature.notDispatched)'
          ELSE '\(StatusSignature.noResponse)'
        END
        """

    /// `ip:port` as logged, NULL for `-` (no target, a Lambda function).
    static let target =
        "CASE WHEN target_ip = '' THEN NULL ELSE concat(target_ip, ':', CAST(target_port AS varchar)) END"

    /// The request URL's path normalised as `PathNormalizer` does it: scheme and host dropped, cut at `?` or
    /// `#` and after 256 characters, every `/`- or `.`-separated part that looks like an id replaced by `{id}`.
    static let path = """
        CASE
          WHEN request_url IS NULL THEN NULL
          WHEN request_url IN ('', '-') THEN '-'
          ELSE coalesce(nullif(array_join(transform(
            split(substr(split_part(split_part(
              regexp_replace(request_url, '^[^/:]{0,11}://[^/?#]*', ''), '?', 1), '#', 1), 1, \(PathNormalizer.maximumLength)),
              '/'),
            path_segment -> array_join(transform(split(path_segment, '.'),
              path_part -> CASE WHEN \(isID("path_part")) THEN '{id}' ELSE path_part END), '.')), '/'), ''), '/')
        END
        """

    /// `PathNormalizer.isID`: all digits; or at least 8 hex digits and dashes with a digit; or at least 16
    /// letters, digits, `-` and `_` with a digit.
    static func isID(_ part: String) -> String {
        "(regexp_like(\(part), '^[0-9]+$') OR (regexp_like(\(part), '[0-9]') AND ((length(\(part)) >= 8 "
            + "AND regexp_like(\(part), '^[0-9a-fA-F-]+$')) OR (length(\(part)) >= 16 "
            + "AND regexp_like(\(part), '^[0-9A-Za-z_-]+$')))))"
    }

    /// Microseconds of a time of day written `…THH:MM:SS.ffffffZ`.
    static func timeOfDayMicros(_ column: String) -> String {
        "(try_cast(substr(\(column), 12, 2) AS bigint) * 3600000000 + try_cast(substr(\(column), 15, 2) AS bigint) "
            + "* 60000000 + try_cast(substr(\(column), 18, 2) AS bigint) * 1000000 "
            + "+ try_cast(substr(\(column), 21, 6) AS bigint))"
    }

    /// `time` − `request_creation_time` in microseconds, for the error lines other than 502 (NULL otherwise,
    /// and when `request_creation_time` is `-`).
    static let elapsed = """
        CASE WHEN elb_status_code >= 400 AND elb_status_code <> 502
          AND request_creation_time LIKE '____-__-__T__:__:__.______Z' THEN
          date_diff('day', try_cast(substr(request_creation_time, 1, 10) AS date), try_cast(substr(time, 1, 10) AS date))
            * 86400000000 + \(timeOfDayMicros("time")) - \(timeOfDayMicros("request_creation_time"))
        END
        """

    /// The `ProcessingTimeHistogram` bucket (0 for NULL or negative) of a value in seconds.
    static func bucket(_ expression: String, scale: Double = 1) -> String {
        var text = "CASE\n  WHEN \(expression) IS NULL OR \(expression) < 0 THEN 0\n"
        for (i, bound) in ProcessingTimeHistogram.bounds.enumerated() {
            let value = scale == 1 ? "\(bound)" : "\(Int64((bound * scale).rounded()))"
            text += "  WHEN \(expression) < \(value) THEN \(i + 1)\n"
        }
        return text + "  ELSE \(ProcessingTimeHistogram.bounds.count + 1)\nEND"
    }

    static func micros(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000).rounded()) }

    /// The columns an example line is rebuilt from, in line order.
    public static let exampleColumns = AccessLogTable.columns.map(\.name)
    /// Their names in the result (`e_time`, …).
    public static let examplePrefix = "e_"

    private var columns: String { TriageQueries.exampleColumns.joined(separator: ", ") }

    /// The window's lines with the columns every set groups on (first level). The health-check and connection log
    /// objects ALB writes into the same folders are left out by their object names: their lines do not match the
    /// table's regex and would otherwise count as unparsed access-log lines.
    private var lines: String {
        """
        SELECT \(columns),
          substr(time, 1, 16) AS minute,
          nullif(target_group_arn, '-') AS target_group,
          \(TriageQueries.target) AS target,
          CASE WHEN elb_status_code = 502 THEN client_ip END AS client,
          \(TriageQueries.path.indented(2)) AS url_path,
          \(TriageQueries.signature.indented(2)) AS signature,
          try_cast(target_status_code AS integer) AS target_status,
          "$path" AS source_object,
          \(TriageQueries.elapsed.indented(2)) AS elapsed_us
        FROM \(table.qualifiedName)
        WHERE \(dayFilter)
          AND NOT regexp_like("$path", '/(health_check_log|conn_log)_[^/]*$')
          AND (time IS NULL OR (\(inWindow)))
        """
    }

    /// Second level: what the sets key on, NULL outside the lines a set counts (so those collapse into one
    /// group that the last step drops).
    private var keyed: String {
        let fast =
            "coalesce(signature, '') = 'no-valid-response' AND coalesce(target_processing_time, -1) >= 0 "
            + "AND coalesce(target_processing_time, -1) < 0.010"
        let markers = Part.allCases.map { "1 AS p_\($0.rawValue)" }.joined(separator: ", ")
        return """
            SELECT *,
              \(TriageQueries.source.indented(2)) AS source,
              \(TriageQueries.statusSignature.indented(2)) AS ss_id,
              CASE WHEN signature IS NOT NULL THEN target_processing_time END AS tpt,
              \(fast) AS fast,
              coalesce(signature, '') = 'not-dispatched' AS not_dispatched,
              CASE WHEN signature = 'no-valid-response' THEN target END AS nvr_target,
              CASE WHEN signature = 'no-valid-response' AND target IS NOT NULL THEN substr(time, 1, 21) END AS bucket,
              CASE WHEN signature IS NOT NULL THEN target END AS err_target,
              CASE WHEN signature IS NOT NULL AND target IS NOT NULL THEN minute END AS err_minute,
              CASE WHEN signature IS NOT NULL AND target IS NOT NULL THEN substr(time, 1, 19) END AS err_second,
              \(TriageQueries.bucket("target_processing_time").indented(2)) AS tpt_bucket,
              CASE WHEN elb_status_code < 400 AND target_processing_time >= 0 THEN url_path END AS ok_path,
              CASE WHEN elb_status_code < 400 AND target_processing_time >= 0 THEN target_processing_time END AS ok_time,
              \(markers)
            FROM (
              \(lines.indented(2))
            )
            """
    }

    /// Third level: the other error codes' keys and the error lines' own columns.
    private var errorKeyed: String {
        let lineColumns = TriageQueries.exampleColumns.map {
            "CASE WHEN elb_status_code >= 400 THEN \($0) END AS \(TriageQueries.examplePrefix)\($0)"
        }.joined(separator: ",\n  ")
        return """
            SELECT *,
              CASE WHEN ss_id IS NOT NULL THEN elb_status_code END AS ss_status,
              CASE WHEN ss_id IS NOT NULL AND target IS NOT NULL THEN minute END AS ss_minute,
              CASE WHEN ss_id IS NOT NULL
                THEN concat(type, ' ', CASE WHEN request_proto = '- ' THEN '' ELSE request_proto END) END AS protocol,
              CASE WHEN ss_id IS NOT NULL THEN \(TriageQueries.bucket("elapsed_us", scale: 1_000_000).indented(4)) END
                AS elapsed_bucket,
              CASE WHEN ss_id IS NOT NULL AND elapsed_us >= 0
                THEN least(4001, CAST(floor(elapsed_us / 1e6) AS bigint)) END AS elapsed_second,
              CASE WHEN elb_status_code >= 400 THEN coalesce(signature, concat(ss_id, '/', coalesce(ss_code, '')))
                END AS ex_signature,
              CASE WHEN elb_status_code >= 400 THEN target END AS ex_target,
              CASE WHEN elb_status_code >= 400 THEN url_path END AS ex_path,
              \(lineColumns)
            FROM (
              SELECT *,
                CASE ss_id WHEN '\(StatusSignature.errorReason)' THEN lambda_error_reason
                  WHEN '\(StatusSignature.targetStatus)' THEN CAST(target_status AS varchar) END AS ss_code
              FROM (
                \(keyed.indented(4))
              )
            )
            """
    }

    /// The grouping-set keys of each part (the marker column first).
    static func keys(_ part: Part) -> [String] {
        let status = ["ss_status", "ss_id", "ss_code"]
        let keys: [String] =
            switch part {
            case .timeline: ["minute", "elb_status_code", "signature", "source"]
            case .targets: ["elb", "target_group", "target", "signature"]
            case .paths: ["url_path", "signature"]
            case .clients: ["client", "signature"]
            case .processingTimes: ["signature", "tpt"]
            case .bursts: ["nvr_target", "url_path", "bucket"]
            case .targetMinutes: ["err_target", "err_minute"]
            case .targetSeconds: ["err_target", "err_second"]
            case .statusSignatures: status
            case .statusTargets: status + ["target"]
            case .statusTargetMinutes: status + ["target", "ss_minute"]
            case .statusPaths: status + ["url_path"]
            case .statusTargetGroups: status + ["target_group"]
            case .statusProtocols: status + ["protocol"]
            case .statusProcessingTimes: status + ["tpt_bucket"]
            case .statusElapsed: status + ["elapsed_bucket", "elapsed_second"]
            case .successLatency: ["ok_path", "tpt_bucket"]
            case .examples:
                ["ex_signature", "ex_target", "ex_path"] + exampleColumns.map { examplePrefix + $0 }
            }
        return ["p_\(part.rawValue)"] + keys
    }

    /// Every key column of the result, in order (each once).
    static let keyColumns: [String] = {
        var out: [String] = []
        for part in Part.allCases {
            for key in keys(part).dropFirst() where !out.contains(key) { out.append(key) }
        }
        return out
    }()

    /// Which rows of a part are kept (the NULL-key group of the lines a set does not count is dropped, and
    /// the bounded parts are cut to their bound).
    private func keep(_ part: Part) -> String {
        switch part {
        case .timeline: "part = 'timeline'"
        case .targets: "part = 'targets' AND elb IS NOT NULL"
        case .paths: "part = 'paths' AND url_path IS NOT NULL"
        case .clients: "part = 'clients' AND client IS NOT NULL"
        case .processingTimes: "part = 'processing_times' AND signature IS NOT NULL"
        case .bursts: "part = 'bursts' AND nvr_target IS NOT NULL AND recent <= 21"
        case .targetMinutes:
            "part = 'target_minutes' AND err_target IS NOT NULL AND minute_rank <= \(TargetStats.minuteLimit)"
        case .targetSeconds:
            "part = 'target_seconds' AND err_target IS NOT NULL AND (second_rank <= \(ErrorSeconds.capacity) "
                + "OR (not_dispatched > 0 AND refused_rank <= \(ErrorSeconds.capacity)))"
        case .statusSignatures, .statusPaths, .statusProtocols, .statusProcessingTimes, .statusElapsed:
            "part = '\(part.rawValue)' AND ss_status IS NOT NULL"
        case .statusTargets: "part = 'status_targets' AND ss_status IS NOT NULL AND target IS NOT NULL"
        case .statusTargetMinutes:
            "part = 'status_target_minutes' AND ss_minute IS NOT NULL "
                + "AND target_minute_rank <= \(StatusSignatureStats.targetMinuteLimit)"
        case .statusTargetGroups:
            "part = 'status_target_groups' AND ss_status IS NOT NULL AND target_group IS NOT NULL"
        case .successLatency: "part = 'success_latency' AND ok_path IS NOT NULL"
        case .examples:
            "part = 'examples' AND e_time IS NOT NULL AND (example_rank <= \(exampleLimit) OR signature_rank <= 3 "
                + "OR target_rank <= 2 OR path_rank <= 2)"
        }
    }

    private var triage: String {
        let sets = Part.allCases.map { "(\(TriageQueries.keys($0).joined(separator: ", ")))" }
            .joined(separator: ",\n    ")
        let parts = Part.allCases.map { "WHEN grouping(p_\($0.rawValue)) = 0 THEN '\($0.rawValue)'" }
            .joined(separator: "\n")
        let keys = TriageQueries.keyColumns.joined(separator: ", ")
        let aggregates = """
            count(*) AS requests, min(time) AS first_time, max(time) AS last_time, count_if(fast) AS fast,
            count(DISTINCT nvr_target) AS no_valid_response_targets, count_if(not_dispatched) AS not_dispatched,
            max(ok_time) AS max_time,
            min(concat(coalesce(source_object, ''), ' ', coalesce(time, ''))) AS first_seen
            """
        let spread = "substr(e_trace_id, 17), e_time, e_trace_id"
        let keep = Part.allCases.map { "(\(self.keep($0)))" }.joined(separator: "\n  OR ")
        let order =
            ["part", "first_seen"] + TriageQueries.keyColumns.filter { !$0.hasPrefix("e_") } + [
                "e_time", "e_trace_id",
            ]
        return """
            SELECT part, \(keys),
              requests, first_time, last_time, fast, no_valid_response_targets, not_dispatched, max_time
            FROM (
              SELECT *,
                CASE WHEN part = 'bursts' THEN dense_rank() OVER (PARTITION BY part, nvr_target ORDER BY bucket DESC)
                  END AS recent,
                CASE WHEN part = 'target_minutes' THEN row_number() OVER (PARTITION BY part, err_target ORDER BY err_minute)
                  END AS minute_rank,
                CASE WHEN part = 'target_seconds'
                  THEN row_number() OVER (PARTITION BY part, err_target ORDER BY err_second DESC) END AS second_rank,
                CASE WHEN part = 'target_seconds' THEN row_number() OVER (
                  PARTITION BY part, err_target, not_dispatched > 0 ORDER BY err_second DESC) END AS refused_rank,
                CASE WHEN part = 'status_target_minutes' THEN row_number() OVER (
                  PARTITION BY part, ss_status, ss_id, ss_code ORDER BY first_seen, target, ss_minute) END
                  AS target_minute_rank,
                CASE WHEN part = 'examples' THEN row_number() OVER (PARTITION BY part ORDER BY \(spread))
                  END AS example_rank,
                CASE WHEN part = 'examples' THEN row_number() OVER (PARTITION BY part, ex_signature ORDER BY \(spread))
                  END AS signature_rank,
                CASE WHEN part = 'examples' THEN row_number() OVER (
                  PARTITION BY part, ex_signature, ex_target ORDER BY \(spread)) END AS target_rank,
                CASE WHEN part = 'examples' THEN row_number() OVER (
                  PARTITION BY part, ex_signature, ex_path ORDER BY \(spread)) END AS path_rank
              FROM (
                SELECT
                  CASE
                    \(parts.indented(8))
                  END AS part,
                  \(keys),
                  \(aggregates.indented(6))
                FROM (
                  \(errorKeyed.indented(6))
                )
                GROUP BY GROUPING SETS (
                  \(sets.indented(2))
                )
              )
            )
            WHERE \(keep)
            ORDER BY \(order.joined(separator: ", "))
            ;
            """
    }
}

extension String {
    /// Every line but the first indented by `n` spaces (for nesting a multi-line SQL piece).
    fileprivate func indented(_ n: Int) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : String(repeating: " ", count: n) + $0.element }
            .joined(separator: "\n")
    }
}
