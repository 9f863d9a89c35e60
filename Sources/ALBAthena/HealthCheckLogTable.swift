/// The Athena table over ALB health-check logs (`health_check_log_…` objects): the ten documented fields, a regex
/// that reads the AWS examples' eight-field lines too, partition projection as for ``AccessLogTable``.
///
/// ALB writes these logs into the access logs' folders when they share a bucket and prefix; the table then also
/// reads the other types' objects, as all-NULL rows (their lines do not match). Filter on the object name:
/// `WHERE regexp_like("$path", '/health_check_log_[^/]*$')`.
public struct HealthCheckLogTable: Sendable, Hashable {
    /// The database (default `default`).
    public var database: String
    /// The table (default `alb_health_check_logs`).
    public var table: String

    /// Creates a table reference.
    public init(database: String = "default", table: String = "alb_health_check_logs") {
        self.database = database
        self.table = table
    }

    /// `"database"."table"`, as queries name it.
    public var qualifiedName: String { "\"\(database)\".\"\(table)\"" }

    /// The columns in line order, named as the log's fields (`status_code` is a string: `-` when no answer).
    public static let columns: [(name: String, type: String)] = [
        ("type", "string"), ("time", "string"), ("latency", "double"), ("target_addr", "string"),
        ("target_group_id", "string"), ("status", "string"), ("status_code", "string"), ("reason_code", "string"),
        ("elb", "string"), ("ip_address", "string"),
    ]

    /// The line regex (one group per column, whole-line match): the first eight fields required, `elb` and
    /// `ip_address` each optional after the one before, anything after them (fields AWS adds later) ignored.
    public static let regex =
        #"([^ ]*) ([^ ]*) ([-.0-9]*) ([^ ]*) ([^ ]*) ([A-Z]*) ([^ ]*) ([^ ]*)(?: ([^ ]*)(?: ([^ ]*)(?: .*)?)?)?"#

    /// The `CREATE EXTERNAL TABLE` statement for the logs under `location`, partitions projected from `startDay`.
    public func createStatement(location: LogLocation, startDay: String) -> String {
        TableDDL.create(
            database: database,
            table: table,
            columns: Self.columns,
            regex: Self.regex,
            location: location,
            startDay: startDay
        )
    }
}
