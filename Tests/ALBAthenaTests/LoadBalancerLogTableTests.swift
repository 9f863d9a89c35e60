import ALBAccessLog
import ALBAthena
import Foundation
import Testing

/// The health-check and connection log tables of `athena setup`, run in DuckDB over real lines (the DDL's own regex,
/// through `Scripts/athena-duckdb.py`): every line the Swift readers accept is a row with the same field values, on
/// the readers' fixtures (AWS's examples and the variants) and on Samples/, where the three log types share the
/// folders and the object-name filter the tables document keeps each table to its own objects.
@Suite struct LoadBalancerLogTableTests {
    static let fixtures = DuckDBEngine.repoRoot.appendingPathComponent("Tests/ALBAccessLogTests/Fixtures")
    static let samples = DuckDBEngine.repoRoot.appendingPathComponent("Samples/AWSLogs").path
    static let location = try? LogLocation("s3://example-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/")

    /// Every line a reader accepts, as the raw text of the fields `indices` (`nil` where the line has none).
    struct RawFields: HealthCheckLogConsumer, ConnectionLogConsumer {
        var indices: [Int]
        var rows: [[String?]] = []

        func fields(_ raw: (Int) -> UnsafeRawBufferPointer?) -> [String?] {
            indices.map { i in raw(i).map { String(decoding: $0, as: UTF8.self) } }
        }
        mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError) {
            _ = try line.record()
            rows.append(fields { line.rawField(at: $0) })
        }
        mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError) {
            _ = try line.record()
            rows.append(fields { line.rawField(at: $0) })
        }
        mutating func merge(_ other: RawFields) { rows += other.rows }
    }

    /// Rows as comparable lines (`␀` for NULL), sorted: the two sides read the same lines in different orders.
    static func sorted(_ rows: [[String?]]) -> [String] {
        rows.map { $0.map { $0 ?? "␀" }.joined(separator: "\t") }.sorted()
    }

    @Test(arguments: ["health-check/aws-examples.log", "health-check/variants.log", "samples"])
    func healthCheckTableReadsWhatTheReaderReads(_ input: String) async throws {
        guard try DuckDBEngine.available(), let location = Self.location else { return }
        let table = HealthCheckLogTable()
        let path = input == "samples" ? Self.samples : Self.fixtures.appendingPathComponent(input).path
        let strings = [0, 1, 3, 4, 5, 6, 7, 8, 9]
        let (result, unmatched) = try await DuckDBEngine.query(
            ddl: table.createStatement(location: location, startDay: "2022/01/01"),
            database: table.database,
            table: table.table,
            logs: [path],
            sql: """
                SELECT type, time, target_addr, target_group_id, status, status_code, reason_code, elb, ip_address,
                  latency
                FROM \(table.qualifiedName)
                WHERE regexp_like("$path", '/health_check_log_[^/]*$') OR "$path" NOT LIKE '%/AWSLogs/%'
                """
        )
        let local = try AccessLogScanner().scanHealthCheckLogsSequentially(
            sources: [LogSource.path(path)],
            consumer: RawFields(indices: strings + [2])
        )
        #expect(local.consumer.rows.count > 1)
        #expect(result.rows.count == local.consumer.rows.count, "\(input)")
        #expect(
            Self.sorted(result.rows.map { Array($0.prefix(9)) })
                == Self.sorted(local.consumer.rows.map { Array($0.prefix(9)) })
        )
        // latency is a double: the same values.
        #expect(
            result.rows.compactMap { $0[9].flatMap(Double.init) }.sorted()
                == local.consumer.rows.compactMap { $0[9].flatMap(Double.init) }.sorted()
        )
        // The health-check objects match the regex line for line; the access and connection logs beside them do not.
        #expect(
            !unmatched.keys.contains { $0.contains("/health_check_log_") || !$0.contains("/AWSLogs/") },
            "\(unmatched.keys.sorted().prefix(3))"
        )
        if input == "samples" { #expect(unmatched.keys.contains { $0.contains("/conn_log_") }) }
    }

    @Test(arguments: ["connection/aws-examples.log", "connection/variants.log", "samples"])
    func connectionTableReadsWhatTheReaderReads(_ input: String) async throws {
        guard try DuckDBEngine.available(), let location = Self.location else { return }
        let table = ConnectionLogTable()
        let path = input == "samples" ? Self.samples : Self.fixtures.appendingPathComponent(input).path
        let (result, unmatched) = try await DuckDBEngine.query(
            ddl: table.createStatement(location: location, startDay: "2022/01/01"),
            database: table.database,
            table: table.table,
            logs: [path],
            sql: """
                SELECT time, client_ip, CAST(client_port AS varchar), CAST(listener_port AS varchar), tls_protocol,
                  tls_cipher, leaf_client_cert_subject, leaf_client_cert_validity, leaf_client_cert_serial_number,
                  tls_verify_status, conn_trace_id, tls_keyexchange, elb, ip_address
                FROM \(table.qualifiedName)
                WHERE regexp_like("$path", '/conn_log_[^/]*$') OR "$path" NOT LIKE '%/AWSLogs/%'
                """
        )
        let local = try AccessLogScanner().scanConnectionLogsSequentially(
            sources: [LogSource.path(path)],
            consumer: RawFields(indices: [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14])
        )
        #expect(local.consumer.rows.count > 1)
        #expect(result.rows.count == local.consumer.rows.count, "\(input)")
        #expect(Self.sorted(result.rows) == Self.sorted(local.consumer.rows))
        #expect(
            !unmatched.keys.contains { $0.contains("/conn_log_") || !$0.contains("/AWSLogs/") },
            "\(unmatched.keys.sorted().prefix(3))"
        )
        if input == "samples" {
            #expect(result.rows.filter { $0[9] == "Failed:ClientCertExpired" }.count == 12)
        }
    }
}
