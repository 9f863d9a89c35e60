import ALBAccessLog
import Foundation
import Testing

@Suite struct HealthCheckLogRecordTests {
    /// A line of `health-check/variants.expected.jsonl`: the values the generator put on the line.
    struct Expected: Decodable {
        struct Target: Decodable {
            var lambda: String?
            var ip: String?
            var port: Int?
        }
        var type: String
        var time: String
        var latencyNs: Int64?
        var target: Target?
        var targetGroupName: String?
        var status: String
        var statusCode: Int?
        var reasonCode: String?
        var elb: String?
        var ipAddress: String?
        var unknownFields: [String]
        var fieldCount: Int

        func check(_ r: HealthCheckLogRecord, line: Int) {
            #expect(r.type.name == type, "line \(line)")
            #expect(r.time == LogTimestamp(time), "line \(line)")
            #expect(r.latency == latencyNs.map { Duration.nanoseconds($0) }, "line \(line)")
            switch target {
            case nil: #expect(r.target == nil, "line \(line)")
            case let t?:
                if let arn = t.lambda {
                    #expect(r.target == .lambda(arn: arn), "line \(line)")
                    #expect(r.target?.lambdaARN == arn)
                } else {
                    let endpoint = AccessLogEndpoint(ip: t.ip ?? "", port: t.port ?? -1)
                    #expect(r.target == .endpoint(endpoint), "line \(line)")
                }
            }
            #expect(r.targetGroupName == targetGroupName, "line \(line)")
            #expect(r.status.rawValue == status, "line \(line)")
            #expect(r.passed == (status == "PASS"))
            #expect(r.statusCode == statusCode, "line \(line)")
            #expect(r.reasonCode?.code == reasonCode, "line \(line)")
            #expect(r.elb == elb, "line \(line)")
            #expect(r.ipAddress == ipAddress, "line \(line)")
            #expect(r.unknownFields == unknownFields, "line \(line)")
            #expect(r.fieldCount == fieldCount, "line \(line)")
        }
    }

    @Test func awsExampleLinesParse() throws {
        let lines = try LogFixtures.lines("health-check/aws-examples.log")
        #expect(lines.count == 2)
        let pass = try HealthCheckLogRecord.parse(line: lines[0])
        #expect(pass.type == .http)
        #expect(
            pass.time
                == LogTimestamp(year: 2025, month: 10, day: 31, hour: 12, minute: 44, second: 59, microsecond: 875_678)
        )
        #expect(pass.latency == .nanoseconds(19_584_011))
        #expect(pass.target == .endpoint(AccessLogEndpoint(ip: "172.31.20.97", port: 80)))
        #expect(pass.targetGroupName == "HCLogsTestIPs")
        #expect(pass.status == .pass)
        #expect(pass.statusCode == 200)
        #expect(pass.reasonCode == nil)
        #expect(pass.elb == nil && pass.ipAddress == nil)
        #expect(pass.fieldCount == 8 && pass.unknownFields.isEmpty)
        let fail = try HealthCheckLogRecord.parse(line: lines[1])
        #expect(fail.latency == .nanoseconds(1_121_980_746))
        #expect(fail.target?.endpoint == AccessLogEndpoint(ip: "172.31.31.9", port: 80))
        #expect(fail.status == .fail)
        #expect(fail.statusCode == 502)
        #expect(fail.reasonCode == .targetError)
    }

    @Test func variantsParseToTheGeneratorsValues() throws {
        let lines = try LogFixtures.lines("health-check/variants.log")
        let expected = try LogFixtures.jsonLines("health-check/variants.expected.jsonl", as: Expected.self)
        #expect(lines.count == expected.count && lines.count > 50)
        var reasons: [HealthCheckReasonCode] = []
        for (index, (line, exp)) in zip(lines, expected).enumerated() {
            let record = try HealthCheckLogRecord.parse(line: line, lineNumber: index + 1)
            exp.check(record, line: index + 1)
            if let reason = record.reasonCode { reasons.append(reason) }
        }
        // Documented codes are typed; others are kept verbatim.
        for code in HealthCheckReasonCode.documented {
            #expect(reasons.contains(code), "\(code) is in the fixture")
        }
        let unknown = reasons.filter { if case .other = $0 { true } else { false } }
        #expect(Set(unknown.map(\.code)) == ["SomeFutureReason"])
        #expect(
            HealthCheckReasonCode.timedOut.isConnectionFailure && !HealthCheckReasonCode.targetError.isConnectionFailure
        )
    }

    /// The scanner over every block size, plain and gzip, one and two workers, gives what `parse(line:)` gives.
    @Test(arguments: [2, 7, 64, 1 << 20])
    func scannerMatchesTheLineParserAtEveryBlockSize(blockSize: Int) async throws {
        let path = LogFixtures.path("health-check/variants.log")
        let oracle = try LogFixtures.lines("health-check/variants.log").enumerated().map {
            try HealthCheckLogRecord.parse(line: $1, lineNumber: $0 + 1)
        }
        let dir = try TestFiles.makeTemporaryDirectory()
        let gz = dir.appendingPathComponent("hc.log.gz")
        try TestFiles.write(try TestFiles.gzip(Array(try Data(contentsOf: URL(fileURLWithPath: path)))), to: gz)
        for (source, backend) in [(path, .automatic), (gz.path, .zlib), (gz.path, .automatic)]
            as [(String, AccessLogScanner.Configuration.GzipBackend)]
        {
            for parallelism in [1, 2] {
                var configuration = AccessLogScanner.Configuration(parallelism: parallelism)
                configuration.blockSize = blockSize
                configuration.gzipBackend = backend
                configuration.segmentSize = 512  // a plain file splits into segments with two workers
                let result = try await AccessLogScanner(configuration: configuration).scanHealthCheckLogs(
                    sources: [.path(source)]
                ) { HealthCheckLineCollector() }
                #expect(result.consumer.records == oracle, "\(source) block \(blockSize) workers \(parallelism)")
                #expect(result.consumer.lineNumbers == Array(1...oracle.count))
                #expect(!result.statistics.hasProblems)
                #expect(result.statistics.logType == .healthCheck)
                #expect(result.statistics.linesParsed == oracle.count)
                #expect(result.statistics.recordsWithUnknownFields == oracle.filter { !$0.unknownFields.isEmpty }.count)
            }
        }
    }

    @Test func badLinesGivePreciseErrorsAndEveryGoodLineIsKept() async throws {
        let path = LogFixtures.path("health-check/bad-lines.log")
        let expected = try LogFixtures.jsonLines(
            "health-check/bad-lines.expected.jsonl",
            as: LogFixtures.ExpectedLine.self
        )
        let result = try await AccessLogScanner().scanHealthCheckLogs(sources: [.path(path)]) {
            HealthCheckLineCollector()
        }
        let good = expected.filter(\.ok).map(\.line)
        let bad = expected.filter { !$0.ok }
        #expect(result.consumer.lineNumbers == good)
        #expect(result.statistics.linesParsed == good.count)
        #expect(result.statistics.linesSkipped == bad.count)
        #expect(result.statistics.errors.count == bad.count)
        for (error, exp) in zip(result.statistics.errors, bad) {
            #expect(error.source == path)
            #expect(error.line == exp.line)
            #expect(error.code.rawValue == exp.code)
            #expect(error.logField?.awsName == exp.field, "\(error)")
            #expect(error.logField?.logType == .healthCheck)
            #expect(error.field == nil)
            #expect(error.column != nil)
            let position = try #require(error.logField?.position)
            #expect(error.description.hasPrefix("\(path):\(exp.line):"))
            #expect(error.description.contains("\(exp.field ?? "?") (field \(position + 1))"))
            #expect(result.statistics.skippedByReason["\(exp.code ?? "") \(exp.field ?? "")"] != nil)
        }
        let descriptions = result.statistics.errors.map(\.description)
        #expect(descriptions.contains { $0.contains("this is not a health-check log line") })
        #expect(descriptions.contains { $0.contains("this line looks like an access log line") })
        #expect(descriptions.contains { $0.contains("expected PASS or FAIL, found \"OK\"") })
    }

    @Test func folderInTheS3LayoutReadsOnlyHealthCheckObjects() async throws {
        let expected = try LogFixtures.json("s3.expected.json", as: LogFixtures.ExpectedFolder.self)
        let result = try await AccessLogScanner().scanHealthCheckLogs(sources: [.path(LogFixtures.folder)]) {
            HealthCheckLogCounter()
        }
        #expect(result.consumer.count == expected.healthCheck.records)
        #expect(result.statistics.sourcesRead == expected.healthCheck.files)
        #expect(result.statistics.sourcesIgnored == expected.healthCheck.ignored)
        #expect(!result.statistics.hasProblems)
        // Files named by the interval end in their names are pruned by a window, as access logs are.
        let window = TimeWindow(
            since: LogTimestamp("2025-10-31T12:48:00Z"),
            until: LogTimestamp("2025-10-31T13:00:00Z")
        )
        let pruned = try await AccessLogScanner().scanHealthCheckLogs(
            sources: [.path(LogFixtures.folder)],
            window: window
        ) {
            HealthCheckLogCounter()
        }
        #expect(pruned.statistics.sourcesPrunedByWindow == 1)
        #expect(pruned.statistics.sourcesRead == 1)
    }

    @Test func windowFiltersByTheCheckTime() throws {
        let records = try LogFixtures.lines("health-check/variants.log").map {
            try HealthCheckLogRecord.parse(line: $0)
        }
        let since = try #require(LogTimestamp("2025-10-31T12:30:00Z"))
        let window = TimeWindow(since: since)
        let result = try AccessLogScanner().scanHealthCheckLogsSequentially(
            sources: [.path(LogFixtures.path("health-check/variants.log"))],
            window: window,
            consumer: HealthCheckLogCollector()
        )
        #expect(result.consumer.records == records.filter { $0.time >= since })
        #expect(result.statistics.linesOutsideWindow == records.filter { $0.time < since }.count)
    }

    @Test func feederReadsAStreamInChunks() throws {
        let bytes = try TestFiles.gzip(
            Array(try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("health-check/variants.log"))))
        )
        let feeder = HealthCheckLogFeeder(
            source: "s3://bucket/hc.log.gz",
            consumer: HealthCheckLogCounter(statusCodes: [502])
        )
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 13)
            feeder.feed(Array(bytes[offset..<end]))
            offset = end
        }
        let result = feeder.finish()
        let expected = try LogFixtures.jsonLines("health-check/variants.expected.jsonl", as: Expected.self)
        #expect(result.consumer.count == expected.filter { $0.statusCode == 502 }.count)
        #expect(result.statistics.logType == .healthCheck)
        #expect(!result.statistics.hasProblems)
    }

    @Test func recordsEncodeAsText() throws {
        let line = try LogFixtures.lines("health-check/variants.log").first { $0.hasPrefix("lambda ") }
        let record = try HealthCheckLogRecord.parse(line: try #require(line))
        let data = try JSONEncoder().encode(record)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["target"] as? String)?.hasPrefix("arn:aws:lambda:") == true)
        #expect(object["type"] as? String == "lambda")
        #expect(try JSONDecoder().decode(HealthCheckLogRecord.self, from: data) == record)
    }
}
