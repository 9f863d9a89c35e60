import ALBAccessLog
import Foundation
import Testing

@Suite struct ALBLogTypeTests {
    @Test func everyFixtureLineIsRecognisedByItsShape() throws {
        for name in ["health-check/aws-examples.log", "health-check/variants.log"] {
            for line in try LogFixtures.lines(name) {
                #expect(ALBLogType.detect(line: line) == .healthCheck, "\(line)")
            }
        }
        for name in ["connection/aws-examples.log", "connection/variants.log"] {
            for line in try LogFixtures.lines(name) {
                #expect(ALBLogType.detect(line: line) == .connection, "\(line)")
            }
        }
        for line in [TestLines.awsHTTP, TestLines.awsHTTPS, TestLines.awsLambda, TestLines.full] {
            #expect(ALBLogType.detect(line: line) == .access)
        }
        for line in ["", "garbage line", "http not-a-time x", "- - -"] {
            #expect(ALBLogType.detect(line: line) == nil, "\(line)")
        }
    }

    @Test func objectNamesSayTheType() throws {
        let expected: [ALBLogType: Int] = [.healthCheck: 2, .connection: 1, .access: 1]
        for (type, count) in expected {
            let objects = try LogFixtures.objects(in: LogFixtures.folder, type: type)
            #expect(objects.count == count)
            for object in objects {
                let name = URL(fileURLWithPath: object).lastPathComponent
                #expect(ALBLogObjectName.logType(of: name) == type)
                guard case .log(let end) = ALBLogObjectName.match(name, type: type) else {
                    Issue.record("\(name) is not read as \(type)")
                    continue
                }
                #expect(end == ALBLogObjectName.endTime(in: name) && end != nil)
                for other in ALBLogType.allCases where other != type {
                    if case .log = ALBLogObjectName.match(name, type: other) {
                        Issue.record("\(name) is read as \(other)")
                    }
                }
            }
        }
        #expect(ALBLogObjectName.logType(of: "ELBAccessLogTestFile") == nil)
        #expect(ALBLogObjectName.logType(of: "access.log") == nil)
        // Access-log classification is what it was: other types are ignored with their reason.
        #expect(ALBLogObjectName.match("access.log", type: .access) == .log(end: nil))
        #expect(ALBLogObjectName.match("hc.log", type: .healthCheck) != .log(end: nil))
    }

    @Test func sourcesResolveToOneType() throws {
        let hc = LogFixtures.path("health-check/variants.log")
        let conn = LogFixtures.path("connection/variants.log")
        // The S3 folder holds access logs: read for those, as before.
        #expect(try ALBLogType.of([.path(LogFixtures.folder)]) == .access)
        // Bare files by their first line, plain or gzip.
        #expect(try ALBLogType.of([.path(hc)]) == .healthCheck)
        #expect(try ALBLogType.of([.path(conn)]) == .connection)
        let dir = try TestFiles.makeTemporaryDirectory()
        let gz = dir.appendingPathComponent("bare.gz")
        try TestFiles.write(
            try TestFiles.gzip("\n\n" + (try LogFixtures.lines("connection/variants.log")).joined(separator: "\n")),
            to: gz
        )
        #expect(try ALBLogType.of([.path(gz.path)]) == .connection)
        // Folders holding one of the other types.
        let hcFolder = try LogFixtures.directory(
            with: try LogFixtures.objects(in: LogFixtures.folder, type: .healthCheck)
        )
        #expect(try ALBLogType.of([.path(hcFolder.path)]) == .healthCheck)
        let connFolder = try LogFixtures.directory(
            with: try LogFixtures.objects(in: LogFixtures.folder, type: .connection)
        )
        #expect(try ALBLogType.of([.path(connFolder.path), .path(conn)]) == .connection)
        // Nothing to tell: stdin, an empty folder, a garbage file.
        let empty = try TestFiles.makeTemporaryDirectory()
        let garbage = empty.appendingPathComponent("garbage.txt")
        try TestFiles.write("garbage line\n", to: garbage)
        #expect(try ALBLogType.of([.standardInput, .path(garbage.path)]) == nil)
        // Mixed types are refused, naming both inputs.
        let mixed = try LogFixtures.directory(
            with: try LogFixtures.objects(in: LogFixtures.folder, type: .healthCheck)
                + LogFixtures.objects(in: LogFixtures.folder, type: .connection)
        )
        #expect(throws: LogSourceError.self) { try ALBLogType.of([.path(mixed.path)]) }
        do {
            _ = try ALBLogType.of([.path(hc), .path(conn)])
            Issue.record("mixed inputs accepted")
        } catch {
            #expect(error.path == conn)
            #expect(error.description.contains("holds connection logs, but \(hc) holds health-check logs"))
        }
        #expect(throws: LogSourceError.self) { try ALBLogType.of([.path("/nonexistent/hc.log")]) }
    }

    /// The any-type scan learns the type from the first line of a stream, and reads every later unit as it.
    @Test func sequentialScanLearnsTheTypeFromTheFirstLine() throws {
        struct Kinds: AccessLogConsumer, HealthCheckLogConsumer, ConnectionLogConsumer {
            var access = 0
            var healthCheck = 0
            var connection = 0
            mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
                _ = try record.entry()
                access += 1
            }
            mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError) {
                _ = try line.record()
                healthCheck += 1
            }
            mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError) {
                _ = try line.record()
                connection += 1
            }
            mutating func merge(_ other: Kinds) {}
        }
        let hc = LogFixtures.path("health-check/variants.log")
        let count = try LogFixtures.lines("health-check/variants.log").count
        let learnt = try AccessLogScanner().scanSequentially(sources: [.path(hc)], logType: nil, consumer: Kinds())
        #expect(learnt.consumer.healthCheck == count && learnt.consumer.access == 0)
        #expect(learnt.statistics.logType == .healthCheck)
        #expect(learnt.statistics.summary.hasPrefix("read 1 source(s) of health-check logs, "))
        // Told the wrong type, every line is an error that says what the line looks like.
        let told = try AccessLogScanner().scanSequentially(
            sources: [.path(hc)],
            logType: .connection,
            consumer: Kinds()
        )
        #expect(told.consumer.connection == 0)
        #expect(told.statistics.linesSkipped == count)
        #expect(told.statistics.errors.first?.description.contains("it looks like a health-check log line") == true)
        // Access logs as before.
        let dir = try TestFiles.makeTemporaryDirectory()
        let access = dir.appendingPathComponent("a.log")
        try TestFiles.write([TestLines.awsHTTP, TestLines.awsLambda].joined(separator: "\n") + "\n", to: access)
        let plain = try AccessLogScanner().scanSequentially(
            sources: [.path(access.path)],
            logType: nil,
            consumer: Kinds()
        )
        #expect(plain.consumer.access == 2)
        #expect(plain.statistics.logType == .access)
        #expect(plain.statistics.summary.hasPrefix("read 1 source(s), "))
    }
}
