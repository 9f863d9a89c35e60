import ALBAccessLog
import Foundation
import Testing

/// The health-check and connection log fixtures (written by `Scripts/make-hc-conn-logs.py`) next to this file.
enum LogFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures"
    )

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// The lines of a fixture (without terminators, no empty last line).
    static func lines(_ name: String) throws -> [String] {
        try String(contentsOfFile: path(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Decodes a `.jsonl` fixture, one value per line (keys in snake case).
    static func jsonLines<T: Decodable>(_ name: String, as type: T.Type) throws -> [T] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try lines(name).map { try decoder.decode(T.self, from: Data($0.utf8)) }
    }

    /// Decodes a `.json` fixture.
    static func json<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// One line of a `bad-lines.expected.jsonl`: kept, or the error it must give.
    struct ExpectedLine: Decodable {
        var line: Int
        var ok: Bool
        var code: String?
        var field: String?
    }

    /// `s3.expected.json`: what each reader finds in `s3/`.
    struct ExpectedFolder: Decodable {
        struct PerType: Decodable {
            var files: Int
            var records: Int
            var ignored: Int
        }
        var healthCheck: PerType
        var connection: PerType
        var access: PerType
        var healthCheckFirstFileRecords: Int
    }

    /// The `s3/` folder of one load balancer (health-check, connection and access logs).
    static var folder: String { path("s3") }

    /// The folder's objects of one log type (by name prefix; access logs are the rest of the `.log.gz`).
    static func objects(in folder: String, type: ALBLogType) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var paths: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard name.hasSuffix(".log.gz") else { continue }
            let isType: Bool
            switch type {
            case .healthCheck: isType = name.hasPrefix("health_check_log_")
            case .connection: isType = name.hasPrefix("conn_log_")
            case .access: isType = !name.hasPrefix("health_check_log_") && !name.hasPrefix("conn_log_")
            }
            if isType { paths.append((folder as NSString).appendingPathComponent(relative)) }
        }
        return paths.sorted()
    }

    /// Copies `files` into a fresh temporary directory under their own names; returns the directory.
    static func directory(with files: [String]) throws -> URL {
        let dir = try TestFiles.makeTemporaryDirectory()
        for file in files {
            let url = URL(fileURLWithPath: file)
            try FileManager.default.copyItem(at: url, to: dir.appendingPathComponent(url.lastPathComponent))
        }
        return dir
    }
}

/// Keeps the line number and record (or error) of every health-check line, in order.
struct HealthCheckLineCollector: HealthCheckLogConsumer {
    var records: [HealthCheckLogRecord] = []
    var lineNumbers: [Int] = []

    mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError) {
        records.append(try line.record())
        lineNumbers.append(line.lineNumber)
    }

    mutating func merge(_ other: HealthCheckLineCollector) {
        records += other.records
        lineNumbers += other.lineNumbers
    }
}

/// Keeps the line number and record of every connection line, in order.
struct ConnectionLineCollector: ConnectionLogConsumer {
    var records: [ConnectionLogRecord] = []
    var lineNumbers: [Int] = []

    mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError) {
        records.append(try line.record())
        lineNumbers.append(line.lineNumber)
    }

    mutating func merge(_ other: ConnectionLineCollector) {
        records += other.records
        lineNumbers += other.lineNumbers
    }
}

extension AccessLogParseError {
    /// The name of the field at fault, whichever log the line belongs to.
    var fieldName: String? { field?.awsName ?? logField?.awsName }
}
