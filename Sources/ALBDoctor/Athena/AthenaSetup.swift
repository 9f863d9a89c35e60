import ALBAthena
import AWSClients

/// `athena setup`: the statements that create the database and the three log tables (access, health-check and
/// connection logs, all over the same folders, each with partition projection), printed or run.
public enum AthenaSetup {
    /// What to create.
    public struct Request: Sendable {
        public var logs: String
        public var table: AccessLogTable
        /// The health-check log table (default `alb_health_check_logs` in the access-log table's database).
        public var healthCheckTable: HealthCheckLogTable
        /// The connection log table (default `alb_connection_logs` in the access-log table's database).
        public var connectionTable: ConnectionLogTable
        /// First day of the partition projection range (`yyyy/MM/dd`).
        public var startDay: String
        public var workGroup: String?
        public var outputLocation: String?
        public var aws: AWSAccessOptions
        public var awsEnvironment: AWSEnvironment
        public var pollInterval: Double

        public init(logs: String, table: AccessLogTable = AccessLogTable(), startDay: String = "2022/01/01") {
            self.logs = logs
            self.table = table
            healthCheckTable = HealthCheckLogTable(database: table.database)
            connectionTable = ConnectionLogTable(database: table.database)
            self.startDay = startDay
            aws = AWSAccessOptions()
            awsEnvironment = .process
            pollInterval = 1
        }
    }

    /// `CREATE DATABASE`, then `CREATE EXTERNAL TABLE` for the access, health-check and connection logs, each
    /// ending with `;` on its own line.
    public static func statements(_ request: Request) throws(AthenaError) -> [String] {
        let location: LogLocation
        do {
            location = try LogLocation(request.logs)
        } catch {
            throw .location(error.description)
        }
        guard AthenaSetup.isDay(request.startDay) else {
            throw .window("--start \(request.startDay): expected a day as yyyy/MM/dd (2024/01/31)")
        }
        return [
            request.table.createDatabaseStatement,
            request.table.createStatement(location: location, startDay: request.startDay),
            request.healthCheckTable.createStatement(location: location, startDay: request.startDay),
            request.connectionTable.createStatement(location: location, startDay: request.startDay),
        ]
    }

    /// Runs the statements on Athena and waits for each; returns the query ids.
    public static func execute(_ request: Request, progress: ProgressPrinter? = nil) async throws(AthenaError)
        -> [String]
    {
        let sql = try statements(request)
        let context: AWSContext
        do {
            context = try request.aws.resolve(environment: request.awsEnvironment)
        } catch {
            throw .setup("cannot reach AWS: \(error)")
        }
        let runner = AthenaQueryRunner(
            client: AthenaClient(core: context.core()),
            database: "default",
            table: request.table.qualifiedName,
            workGroup: request.workGroup,
            outputLocation: request.outputLocation,
            pollInterval: request.pollInterval,
            maxScanBytes: nil,
            progress: progress
        )
        var ids: [String] = []
        for (i, statement) in sql.enumerated() {
            let label = ["create database", "create table", "create health-check table", "create connection table"][
                min(i, 3)
            ]
            ids.append(try await runner.execute(label: label, sql: statement, before: []).id)
        }
        return ids
    }

    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), let m = Int(parts[1]), let d = Int(parts[2])
        else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }
}
