import ALBAccessLog

/// The triage as SQL: six aggregate statements in Athena's (Trino) dialect, each one scan of the
/// window's partitions, whose rows ``TriageResultAdapter`` folds into the same aggregate a local scan
/// builds.
///
/// Only functions that Athena documents and that `sqlglot` translates to DuckDB are used
/// (`substr`, `split_part`, `concat`, `coalesce`, `count_if`, `grouping`, `row_number`, `dense_rank`);
/// times are compared and bucketed as text, which is exact because every `time` has the same
/// 27-character ISO 8601 form.
public struct TriageQueries: Sendable, Hashable {
    /// The statements, in the order they run.
    public enum Name: String, Sendable, Hashable, CaseIterable, Codable {
        /// Requests, status codes, 502 signatures and sources per minute; lines the regex did not match.
        case timeline
        /// Requests and 502s per load balancer, target group and target.
        case targets
        /// Requests and 502s per request path, and 502s per client IP.
        case pathsAndClients
        /// `target_processing_time` of the 502s per signature.
        case processingTimes
        /// The last 2 seconds of no-valid-response 502s per target (end-of-traffic bursts).
        case bursts
        /// A bounded sample of 502 lines per signature, target and path.
        case examples
    }

    /// The table queried.
    public var table: AccessLogTable
    /// The window `[since, until)` on the lines' own `time`.
    public var since: LogTimestamp
    public var until: LogTimestamp
    /// Most example rows read back.
    public var exampleLimit = 2000
    /// Only this load balancer's lines (`app/<name>/<id>`), when the table holds several.
    public var loadBalancer: String?

    /// How long after a 5-minute interval its file may still be delivered (into the next day's folder).
    public static let deliverySlackSeconds: Int64 = 15 * 60

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

    static func day(_ t: LogTimestamp) -> String {
        let text = t.description
        return "\(text.prefix(4))/\(text.dropFirst(5).prefix(2))/\(text.dropFirst(8).prefix(2))"
    }

    /// The statement for one name.
    public func sql(_ name: Name) -> String {
        switch name {
        case .timeline: timeline
        case .targets: targets
        case .pathsAndClients: pathsAndClients
        case .processingTimes: processingTimes
        case .bursts: bursts
        case .examples: examples
        }
    }

    /// Every statement, in order.
    public var statements: [(name: Name, sql: String)] { Name.allCases.map { ($0, sql($0)) } }

    /// All statements as one script: a comment naming each, each ending with `;` on its own line.
    public var script: String {
        statements.map { "-- alb-doctor triage: \($0.name.rawValue)\n\($0.sql)\n" }.joined(separator: "\n")
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

    /// Who produced a 502, mirroring `SignatureClassifier.source` (NULL when not a 502).
    static let source = """
        CASE
          WHEN elb_status_code IS NULL OR elb_status_code <> 502 THEN NULL
          WHEN target_status_code = '502' THEN 'target'
          WHEN target_status_code = '-' AND (target_ip <> '' OR lambda_error_reason LIKE 'Lambda%') THEN 'load_balancer'
          ELSE 'other'
        END
        """

    /// `ip:port` as logged, NULL for `-` (no target, a Lambda function).
    static let target =
        "CASE WHEN target_ip = '' THEN NULL ELSE concat(target_ip, ':', CAST(target_port AS varchar)) END"
    /// The URL without its query string; `PathNormalizer` finishes the normalisation on the rows.
    static let path = "split_part(split_part(request_url, '?', 1), '#', 1)"

    /// The window's lines with the derived columns every statement groups on.
    private var lines: String {
        """
        SELECT
          time, elb, elb_status_code, client_ip, target_ip, target_port, target_processing_time,
          nullif(target_group_arn, '-') AS target_group,
          CASE WHEN elb_status_code = 502 THEN client_ip END AS client,
          \(TriageQueries.target) AS target,
          \(TriageQueries.path) AS url_path,
          \(TriageQueries.signature.indented(2)) AS signature,
          \(TriageQueries.source.indented(2)) AS source
        FROM \(table.qualifiedName)
        WHERE \(dayFilter)
          AND \(inWindow)
        """
    }

    private var fast: String {
        // Never NULL (DuckDB's count_if counts a NULL condition as NULL, Athena's as false).
        "coalesce(signature, '') = 'no-valid-response' AND coalesce(target_processing_time, -1) >= 0 "
            + "AND coalesce(target_processing_time, -1) < 0.010"
    }

    private var timeline: String {
        // Lines the regex did not match have every column NULL: they are counted (minute NULL) for the scope.
        """
        SELECT substr(time, 1, 16) AS minute, elb_status_code, signature, source,
          count(*) AS requests, min(time) AS first_time, max(time) AS last_time
        FROM (
          SELECT time, elb_status_code,
            \(TriageQueries.signature.indented(4)) AS signature,
            \(TriageQueries.source.indented(4)) AS source
          FROM \(table.qualifiedName)
          WHERE \(dayFilter)
            AND (time IS NULL OR (\(inWindow)))
        )
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ;
        """
    }

    private var targets: String {
        """
        SELECT elb, target_group, target, signature,
          count(*) AS requests, min(time) AS first_time, max(time) AS last_time,
          count_if(\(fast)) AS fast
        FROM (
          \(lines.indented(2))
        )
        GROUP BY 1, 2, 3, 4
        ORDER BY 6, 1, 2, 3, 4
        ;
        """
    }

    private var pathsAndClients: String {
        """
        SELECT grouping(url_path) AS by_client, url_path, client, signature,
          count(*) AS requests, min(time) AS first_time, max(time) AS last_time,
          count_if(\(fast)) AS fast,
          count(DISTINCT CASE WHEN signature = 'no-valid-response' THEN target END) AS no_valid_response_targets
        FROM (
          \(lines.indented(2))
        )
        GROUP BY GROUPING SETS ((url_path, signature), (client, signature))
        ORDER BY 1, 6, 2, 3, 4
        ;
        """
    }

    private var processingTimes: String {
        """
        SELECT signature, target_processing_time, count(*) AS requests
        FROM (
          \(lines.indented(2))
        )
        WHERE signature IS NOT NULL
        GROUP BY 1, 2
        ORDER BY 1, 2
        ;
        """
    }

    private var bursts: String {
        // 100 ms buckets (`time` cut after the tenths of a second); a 2 s window spans at most 21 of them.
        """
        SELECT target, url_path, requests, last_time
        FROM (
          SELECT target, url_path, bucket, requests, last_time,
            dense_rank() OVER (PARTITION BY target ORDER BY bucket DESC) AS recent
          FROM (
            SELECT target, url_path, substr(time, 1, 21) AS bucket, count(*) AS requests, max(time) AS last_time
            FROM (
              \(lines.indented(6))
            )
            WHERE signature = 'no-valid-response' AND target IS NOT NULL
            GROUP BY 1, 2, 3
          )
        )
        WHERE recent <= 21
        ORDER BY 1, 4, 2
        ;
        """
    }

    /// The columns an example line is rebuilt from, in line order.
    public static let exampleColumns = AccessLogTable.columns.map(\.name)

    private var examples: String {
        let columns = TriageQueries.exampleColumns.joined(separator: ", ")
        return """
            SELECT signature, target, url_path, \(columns)
            FROM (
              SELECT *,
                row_number() OVER (PARTITION BY signature ORDER BY time, trace_id) AS by_signature,
                row_number() OVER (PARTITION BY signature, target ORDER BY time, trace_id) AS by_target,
                row_number() OVER (PARTITION BY signature, url_path ORDER BY time, trace_id) AS by_path
              FROM (
                SELECT
                  \(TriageQueries.target) AS target,
                  \(TriageQueries.path) AS url_path,
                  \(TriageQueries.signature.indented(6)) AS signature,
                  \(columns)
                FROM \(table.qualifiedName)
                WHERE \(dayFilter)
                  AND \(inWindow)
                  AND elb_status_code = 502
              )
            )
            WHERE by_signature <= 3 OR by_target <= 2 OR by_path <= 2
            ORDER BY time, trace_id
            LIMIT \(exampleLimit)
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
