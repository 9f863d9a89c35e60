import ALBAthena
import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// `alb-doctor athena`: the Amazon Athena table the `--engine athena` triage queries.
    struct Athena: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the Amazon Athena table over ALB access logs that `analyze --engine athena` queries.",
            subcommands: [Setup.self]
        )

        /// `alb-doctor athena setup`.
        struct Setup: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Print (or, with --execute, run) the CREATE EXTERNAL TABLEs for the access, health-check and connection logs.",
                discussion: """
                    The access-log table has every current access-log field (classification, conn_trace_id, the \
                    rule transform fields), a regex that also reads older, shorter lines, and partition projection \
                    on the delivery date folder (day = yyyy/MM/dd, from --start to NOW): no partitions to load. The \
                    health-check and connection log tables (--health-check-table, --connection-table) read the same \
                    folders the same way. See Docs/Athena.md.
                    """
            )

            @Option(
                help: ArgumentHelp(
                    "The logs: s3://BUCKET[/PREFIX]/AWSLogs/ACCOUNT/elasticloadbalancing/REGION/.",
                    valueName: "s3-url"
                )
            )
            var logs: String

            @OptionGroup var athena: AthenaOptions

            @Option(help: ArgumentHelp("First day of the partition range (yyyy/MM/dd).", valueName: "day"))
            var start = "2022/01/01"

            @Option(help: ArgumentHelp("Athena table of the health-check logs.", valueName: "name"))
            var healthCheckTable = "alb_health_check_logs"

            @Option(help: ArgumentHelp("Athena table of the connection logs.", valueName: "name"))
            var connectionTable = "alb_connection_logs"

            @Flag(help: "Run the statements on Athena and wait for them (otherwise they are only printed).")
            var execute = false

            @OptionGroup var aws: AWSOptions

            func run() async throws {
                var request = AthenaSetup.Request(logs: logs, table: athena.table, startDay: start)
                request.healthCheckTable = HealthCheckLogTable(database: athena.databaseName, table: healthCheckTable)
                request.connectionTable = ConnectionLogTable(database: athena.databaseName, table: connectionTable)
                request.workGroup = athena.workgroup
                request.outputLocation = athena.outputLocation
                request.aws = aws.access
                do {
                    let statements = try AthenaSetup.statements(request)
                    guard execute else {
                        print(statements.joined(separator: "\n\n"))
                        return
                    }
                    let progress = ProgressPrinter.ifTerminal()
                    let ids = try await AthenaSetup.execute(request, progress: progress)
                    progress?.finish()
                    print(
                        "created \(athena.table.qualifiedName), \(request.healthCheckTable.qualifiedName) and \(request.connectionTable.qualifiedName) over \(logs) (queries \(ids.joined(separator: ", ")))"
                    )
                } catch {
                    ReportOutput.writeError("alb-doctor: error: \(error)\n")
                    throw ExitCode(2)
                }
            }
        }
    }
}

/// Options naming the Athena table and where queries run (`athena setup`, `analyze --engine athena`).
struct AthenaOptions: ParsableArguments {
    @Option(
        name: .customLong("database"),
        help: ArgumentHelp("Athena (Glue) database of the access-log table.", valueName: "name")
    )
    var databaseName = AthenaOptions.defaultDatabase

    @Option(name: .customLong("table"), help: ArgumentHelp("Athena table of the access logs.", valueName: "name"))
    var tableName = AthenaOptions.defaultTable

    /// The database and table `athena setup` creates by default.
    static let defaultDatabase = "default"
    static let defaultTable = "alb_access_logs"

    @Option(help: ArgumentHelp("Athena workgroup (default: the account's primary).", valueName: "name"))
    var workgroup: String?

    @Option(
        name: .customLong("output-location"),
        help: ArgumentHelp(
            "s3:// folder for query results (default: the workgroup's result location).",
            valueName: "s3-url"
        )
    )
    var outputLocation: String?

    /// The table these options name.
    var table: AccessLogTable { AccessLogTable(database: databaseName, table: tableName) }
}
