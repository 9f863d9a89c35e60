import ALBAccessLog
import Foundation
import Testing

@Suite struct ConnectionLogRecordTests {
    /// A line of `connection/variants.expected.jsonl`: the values the generator put on the line.
    struct Expected: Decodable {
        struct Validity: Decodable {
            var notBefore: String
            var notAfter: String
        }
        var timestamp: String
        var clientIp: String
        var clientPort: Int
        var listenerPort: Int
        var tlsProtocol: String?
        var tlsCipher: String?
        var tlsHandshakeLatencyNs: Int64?
        var leafClientCertSubject: String?
        var leafClientCertValidity: Validity?
        var leafClientCertSerialNumber: String?
        var tlsVerifyStatus: String?
        var connTraceId: String?
        var tlsKeyexchange: String?
        var elb: String?
        var ipAddress: String?
        var unknownFields: [String]
        var fieldCount: Int

        func check(_ r: ConnectionLogRecord, line: Int) {
            #expect(r.timestamp == LogTimestamp(timestamp), "line \(line)")
            #expect(r.client == AccessLogEndpoint(ip: clientIp, port: clientPort), "line \(line)")
            #expect(r.listenerPort == listenerPort, "line \(line)")
            #expect(r.tlsProtocol == tlsProtocol, "line \(line)")
            #expect(r.tlsCipher == tlsCipher, "line \(line)")
            #expect(r.tlsHandshakeLatency == tlsHandshakeLatencyNs.map { Duration.nanoseconds($0) }, "line \(line)")
            #expect(r.leafClientCertSubject == leafClientCertSubject, "line \(line)")
            #expect(
                r.leafClientCertValidity?.notBefore == leafClientCertValidity.flatMap { LogTimestamp($0.notBefore) }
            )
            #expect(r.leafClientCertValidity?.notAfter == leafClientCertValidity.flatMap { LogTimestamp($0.notAfter) })
            #expect(r.leafClientCertSerialNumber == leafClientCertSerialNumber, "line \(line)")
            #expect(r.tlsVerifyStatus?.description == tlsVerifyStatus, "line \(line)")
            #expect(r.failed == (tlsVerifyStatus?.hasPrefix("Failed:") ?? false), "line \(line)")
            #expect(r.connTraceID == connTraceId, "line \(line)")
            #expect(r.tlsKeyExchange == tlsKeyexchange, "line \(line)")
            #expect(r.elb == elb, "line \(line)")
            #expect(r.ipAddress == ipAddress, "line \(line)")
            #expect(r.unknownFields == unknownFields, "line \(line)")
            #expect(r.fieldCount == fieldCount, "line \(line)")
        }
    }

    @Test func awsExampleLinesParse() throws {
        let lines = try LogFixtures.lines("connection/aws-examples.log")
        #expect(lines.count == 2)
        let success = try ConnectionLogRecord.parse(line: lines[0])
        #expect(success.timestamp == LogTimestamp("2023-10-04T17:05:15.514108Z"))
        #expect(success.client == AccessLogEndpoint(ip: "203.0.113.1", port: 36280))
        #expect(success.listenerPort == 443)
        #expect(success.tlsProtocol == "TLSv1.2")
        #expect(success.tlsCipher == "ECDHE-RSA-AES128-GCM-SHA256")
        #expect(success.tlsHandshakeLatency == .milliseconds(4036))
        #expect(success.leafClientCertSubject == "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US")
        #expect(success.leafClientCertValidity?.notBefore == LogTimestamp("2023-09-21T22:43:21Z"))
        #expect(success.leafClientCertValidity?.notAfter == LogTimestamp("2026-06-17T22:43:21Z"))
        #expect(success.leafClientCertSerialNumber == "FEF257372D5C14D4")
        #expect(success.tlsVerifyStatus == .success)
        #expect(success.connTraceID == "TID_3180a73013c8ca4bac2f731159d4b0fe")
        #expect(success.tlsKeyExchange == nil && success.elb == nil && success.ipAddress == nil)
        #expect(success.fieldCount == 12)
        let failed = try ConnectionLogRecord.parse(line: lines[1])
        #expect(failed.tlsHandshakeLatency == nil)
        #expect(failed.tlsVerifyStatus == .failed(.clientCertUntrusted))
        #expect(failed.failed)
        #expect(failed.connTraceID == "TID_1c71a68d70587445ad5127ff8b2687d7")
    }

    @Test func variantsParseToTheGeneratorsValues() throws {
        let lines = try LogFixtures.lines("connection/variants.log")
        let expected = try LogFixtures.jsonLines("connection/variants.expected.jsonl", as: Expected.self)
        #expect(lines.count == expected.count && lines.count > 50)
        var failures: [TLSVerifyFailure] = []
        for (index, (line, exp)) in zip(lines, expected).enumerated() {
            let record = try ConnectionLogRecord.parse(line: line, lineNumber: index + 1)
            exp.check(record, line: index + 1)
            if let failure = record.tlsVerifyStatus?.failure { failures.append(failure) }
        }
        for code in TLSVerifyFailure.documented {
            #expect(failures.contains(code), "\(code) is in the fixture")
        }
        let unknown = failures.filter { if case .other = $0 { true } else { false } }
        #expect(Set(unknown.map(\.code)) == ["ClientCertSomeFutureCode"])
        #expect(TLSVerifyFailure.clientCertExpired.isClientCertificateFailure)
        #expect(!TLSVerifyFailure.unmappedConnectionError.isClientCertificateFailure)
    }

    @Test(arguments: [2, 5, 100, 1 << 20])
    func scannerMatchesTheLineParserAtEveryBlockSize(blockSize: Int) async throws {
        let path = LogFixtures.path("connection/variants.log")
        let oracle = try LogFixtures.lines("connection/variants.log").enumerated().map {
            try ConnectionLogRecord.parse(line: $1, lineNumber: $0 + 1)
        }
        let dir = try TestFiles.makeTemporaryDirectory()
        let gz = dir.appendingPathComponent("conn.log.gz")
        try TestFiles.write(try TestFiles.gzip(Array(try Data(contentsOf: URL(fileURLWithPath: path)))), to: gz)
        for (source, backend) in [(path, .automatic), (gz.path, .zlib), (gz.path, .automatic)]
            as [(String, AccessLogScanner.Configuration.GzipBackend)]
        {
            for parallelism in [1, 2] {
                var configuration = AccessLogScanner.Configuration(parallelism: parallelism)
                configuration.blockSize = blockSize
                configuration.gzipBackend = backend
                configuration.segmentSize = 1024
                let result = try await AccessLogScanner(configuration: configuration).scanConnectionLogs(
                    sources: [.path(source)]
                ) { ConnectionLineCollector() }
                #expect(result.consumer.records == oracle, "\(source) block \(blockSize) workers \(parallelism)")
                #expect(result.consumer.lineNumbers == Array(1...oracle.count))
                #expect(!result.statistics.hasProblems)
                #expect(result.statistics.logType == .connection)
                #expect(result.statistics.recordsWithUnknownFields == oracle.filter { !$0.unknownFields.isEmpty }.count)
            }
        }
    }

    @Test func badLinesGivePreciseErrorsAndEveryGoodLineIsKept() async throws {
        let path = LogFixtures.path("connection/bad-lines.log")
        let expected = try LogFixtures.jsonLines(
            "connection/bad-lines.expected.jsonl",
            as: LogFixtures.ExpectedLine.self
        )
        let result = try await AccessLogScanner().scanConnectionLogs(sources: [.path(path)]) {
            ConnectionLineCollector()
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
            #expect(error.code.rawValue == exp.code, "\(error)")
            #expect(error.logField?.awsName == exp.field, "\(error)")
            #expect(error.logField?.logType == .connection)
            let position = try #require(error.logField?.position)
            #expect(error.description.contains("\(exp.field ?? "?") (field \(position + 1))"))
        }
        let descriptions = result.statistics.errors.map(\.description)
        #expect(descriptions.contains { $0.contains("it looks like a health-check log line") })
        #expect(descriptions.contains { $0.contains("the fields are shifted") })
        #expect(descriptions.contains { $0.contains("well-formed up to leaf_client_cert_serial_number, field 10") })
    }

    @Test func folderInTheS3LayoutReadsOnlyConnectionObjects() async throws {
        let expected = try LogFixtures.json("s3.expected.json", as: LogFixtures.ExpectedFolder.self)
        let result = try await AccessLogScanner().scanConnectionLogs(sources: [.path(LogFixtures.folder)]) {
            ConnectionLogCounter()
        }
        #expect(result.consumer.count == expected.connection.records)
        #expect(result.statistics.sourcesRead == expected.connection.files)
        #expect(result.statistics.sourcesIgnored == expected.connection.ignored)
        #expect(!result.statistics.hasProblems)
        // The access-log reader still ignores the other two types.
        let access = try await AccessLogScanner().scan(sources: [.path(LogFixtures.folder)]) { EntryCollector() }
        #expect(access.consumer.entries.count == expected.access.records)
        #expect(access.statistics.sourcesRead == expected.access.files)
        #expect(access.statistics.sourcesIgnored == expected.access.ignored)
        #expect(access.statistics.logType == .access)
    }

    @Test func failedConnectionsCanBeCountedAlone() async throws {
        let expected = try LogFixtures.jsonLines("connection/variants.expected.jsonl", as: Expected.self)
        let result = try await AccessLogScanner().scanConnectionLogs(
            sources: [.path(LogFixtures.path("connection/variants.log"))]
        ) { ConnectionLogCounter(failedOnly: true) }
        #expect(result.consumer.count == expected.filter { $0.tlsVerifyStatus?.hasPrefix("Failed:") == true }.count)
    }

    @Test func verifyStatusAndValidityRoundTripThroughJSON() throws {
        let line = try LogFixtures.lines("connection/aws-examples.log")[1]
        let record = try ConnectionLogRecord.parse(line: line)
        let data = try JSONEncoder().encode(record)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["tlsVerifyStatus"] as? String == "Failed:ClientCertUntrusted")
        #expect(try JSONDecoder().decode(ConnectionLogRecord.self, from: data) == record)
        #expect(TLSVerifyStatus("Failed:ClientCertExpired") == .failed(.clientCertExpired))
        #expect(TLSVerifyStatus("Failed:") == nil && TLSVerifyStatus("OK") == nil)
    }
}
