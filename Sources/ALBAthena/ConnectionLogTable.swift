/// The Athena table over ALB connection logs (`conn_log_…` objects): the fifteen documented fields, a regex that
/// reads the eleven-field lines Athena's documented table accepts (no `conn_trace_id`) and AWS's twelve-field
/// examples, partition projection as for ``AccessLogTable``.
///
/// ALB writes these logs into the access logs' folders when they share a bucket and prefix; the table then also
/// reads the other types' objects, as all-NULL rows. Filter on the object name:
/// `WHERE regexp_like("$path", '/conn_log_[^/]*$')`.
public struct ConnectionLogTable: Sendable, Hashable {
    /// The database (default `default`).
    public var database: String
    /// The table (default `alb_connection_logs`).
    public var table: String

    /// Creates a table reference.
    public init(database: String = "default", table: String = "alb_connection_logs") {
        self.database = database
        self.table = table
    }

    /// `"database"."table"`, as queries name it.
    public var qualifiedName: String { "\"\(database)\".\"\(table)\"" }

    /// The columns in line order, as AWS's documented table names them, plus the three later fields.
    public static let columns: [(name: String, type: String)] = [
        ("time", "string"), ("client_ip", "string"), ("client_port", "int"), ("listener_port", "int"),
        ("tls_protocol", "string"), ("tls_cipher", "string"), ("tls_handshake_latency", "double"),
        ("leaf_client_cert_subject", "string"), ("leaf_client_cert_validity", "string"),
        ("leaf_client_cert_serial_number", "string"), ("tls_verify_status", "string"), ("conn_trace_id", "string"),
        ("tls_keyexchange", "string"), ("elb", "string"), ("ip_address", "string"),
    ]

    /// The line regex (one group per column, whole-line match): eleven fields required; the subject quoted (`\"`
    /// and `\\` escapes) or a bare `-`, captured without its quotes; `conn_trace_id`, `tls_keyexchange`, `elb` and
    /// `ip_address` each optional after the one before; anything after them ignored.
    public static let regex: String = {
        let head = [
            "([^ ]*)", "([^ ]*)", "([0-9]*)", "([0-9]*)", "([^ ]*)", "([^ ]*)", "([-.0-9]*)",
            #""?((?<=")(?:[^"\\]|\\.)*(?=")|-)"?"#, "([^ ]*)", "([^ ]*)", "([^ ]*)",
        ].joined(separator: " ")
        var optional = "(?: .*)?"
        for _ in 0..<4 { optional = "(?: ([^ ]*)\(optional))?" }
        return head + optional
    }()

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
