/// The Athena table over ALB access logs: the AWS-documented columns, a regex that also reads the older,
/// shorter line layouts, and partition projection on the delivery date folder (`day`, `yyyy/MM/dd`).
public struct AccessLogTable: Sendable, Hashable {
    /// One column: its name and Hive type, as the AWS documentation's table has it.
    public struct Column: Sendable, Hashable {
        public var name: String
        public var type: String
    }

    /// The database (default `default`).
    public var database: String
    /// The table (default `alb_access_logs`).
    public var table: String

    /// Creates a table reference.
    public init(database: String = "default", table: String = "alb_access_logs") {
        self.database = database
        self.table = table
    }

    /// `"database"."table"`, as the queries name it.
    public var qualifiedName: String { "\"\(database)\".\"\(table)\"" }

    /// The columns in line order (37): the AWS documentation's 34 plus the three rule-transform fields.
    public static let columns: [Column] = [
        ("type", "string"), ("time", "string"), ("elb", "string"),
        ("client_ip", "string"), ("client_port", "int"), ("target_ip", "string"), ("target_port", "int"),
        ("request_processing_time", "double"), ("target_processing_time", "double"),
        ("response_processing_time", "double"), ("elb_status_code", "int"), ("target_status_code", "string"),
        ("received_bytes", "bigint"), ("sent_bytes", "bigint"),
        ("request_verb", "string"), ("request_url", "string"), ("request_proto", "string"),
        ("user_agent", "string"), ("ssl_cipher", "string"), ("ssl_protocol", "string"),
        ("target_group_arn", "string"), ("trace_id", "string"), ("domain_name", "string"),
        ("chosen_cert_arn", "string"), ("matched_rule_priority", "string"), ("request_creation_time", "string"),
        ("actions_executed", "string"), ("redirect_url", "string"), ("lambda_error_reason", "string"),
        ("target_port_list", "string"), ("target_status_code_list", "string"), ("classification", "string"),
        ("classification_reason", "string"), ("conn_trace_id", "string"), ("transformed_host", "string"),
        ("transformed_uri", "string"), ("request_transform_status", "string"),
    ].map { Column(name: $0.0, type: $0.1) }

    /// A quoted field (`"…"`, backslash escapes allowed).
    private static let quoted = #""((?:[^"\\]|\\.)*)""#
    /// A bare field (no space, no quote).
    private static let bare = #"([^ "]*)"#
    /// A field written quoted by current load balancers and bare by some older ones.
    private static let either = #""?([^ "]*)"?"#

    /// The line regex (Java / Python / RE2 syntax, one capturing group per column, anchored by the SerDe's
    /// whole-line match). The first 22 columns (up to `trace_id`, the shortest layout `records` accepts)
    /// are required; every later field is optional, each only if the one before it is present, so a line
    /// of any older layout fills the columns it has and leaves the rest NULL; anything after the last
    /// known field (fields AWS adds later) is accepted and ignored.
    public static let regex: String = {
        let head = [
            "([^ ]*)", "([^ ]*)", "([^ ]*)", "([^ ]*):([0-9]*)", "([^ ]*)[:-]([0-9]*)",
            "([-.0-9]*)", "([-.0-9]*)", "([-.0-9]*)", "(|[-0-9]*)", "(-|[-0-9]*)", "([-0-9]*)", "([-0-9]*)",
            #""([^ ]*) ((?:[^"\\]|\\.)*) (- |[^ ]*)""#, quoted, bare, bare, bare, quoted,
        ].joined(separator: " ")
        // domain_name … request_transform_status, each optional after the previous one.
        let tail = [
            quoted, quoted, bare, bare, quoted, quoted, quoted, either, either, quoted, quoted, either, either,
            either, either,
        ]
        var optional = "(?: .*)?"
        for field in tail.reversed() { optional = "(?: \(field)\(optional))?" }
        return head + optional
    }()

    /// The regex as a Hive string literal body (backslashes doubled).
    static var regexLiteral: String { TableDDL.literal(regex) }

    /// The `CREATE EXTERNAL TABLE` statement for the logs under `location`
    /// (`s3://bucket/prefix/AWSLogs/<account>/elasticloadbalancing/<region>/`), with partition projection on
    /// `day` from `startDay` (`yyyy/MM/dd`) to `NOW`.
    public func createStatement(location: LogLocation, startDay: String) -> String {
        TableDDL.create(
            database: database,
            table: table,
            columns: AccessLogTable.columns.map { ($0.name, $0.type) },
            regex: AccessLogTable.regex,
            location: location,
            startDay: startDay
        )
    }

    /// `CREATE DATABASE IF NOT EXISTS`, run before the table by `athena setup --execute`.
    public var createDatabaseStatement: String { "CREATE DATABASE IF NOT EXISTS `\(database)`\n;" }
}
