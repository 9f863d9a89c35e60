import ALBAccessLog
import Foundation
import Testing

@Suite struct AccessLogScannerTests {
    static func numbered(_ range: Range<Int>, status: Int = 200) -> String {
        range.map { TestLines.simple(status: $0 % 7 == 0 ? 502 : status, client: "192.0.2.1:\($0 + 1)") }
            .joined(separator: "\n") + "\n"
    }

    static func scan(
        _ paths: [String],
        window: TimeWindow? = nil,
        parallelism: Int = 2,
        backend: AccessLogScanner.Configuration.GzipBackend = .automatic
    ) async throws -> ScanResult<EntryCollector> {
        var configuration = AccessLogScanner.Configuration(parallelism: parallelism)
        configuration.gzipBackend = backend
        return try await AccessLogScanner(configuration: configuration).scan(
            sources: paths.map(LogSource.path),
            window: window
        ) { EntryCollector() }
    }

    /// Both inflaters: zlib always; libdeflate when installed (required under CI=true).
    static let backends: [AccessLogScanner.Configuration.GzipBackend] = [.zlib, .automatic]

    static func requireLibdeflate(_ backend: AccessLogScanner.Configuration.GzipBackend) -> Bool {
        guard backend == .automatic else { return true }
        if AccessLogScanner.libdeflateAvailable { return true }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("libdeflate.so.0 is not installed (Debian package libdeflate0)")
        }
        return false
    }

    @Test(arguments: backends)
    func singleMemberGzipFile(backend: AccessLogScanner.Configuration.GzipBackend) async throws {
        guard Self.requireLibdeflate(backend) else { return }
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("a.log.gz")
        try TestFiles.write(try TestFiles.gzip(Self.numbered(0..<500)), to: file)
        let result = try await Self.scan([file.path], backend: backend)
        #expect(result.statistics.gzipMembersInflatedWithLibdeflate == (backend == .zlib ? 0 : 1))
        #expect(result.consumer.entries.count == 500)
        #expect(result.consumer.entries.map { $0.client?.port ?? 0 } == Array(1...500))
        #expect(!result.statistics.hasProblems)
    }

    @Test(arguments: backends)
    func multiMemberGzipWithABigFirstMember(backend: AccessLogScanner.Configuration.GzipBackend) async throws {
        guard Self.requireLibdeflate(backend) else { return }
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("m.gz")
        // The trailer's ISIZE (last member) is much smaller than the first member.
        let gz =
            try TestFiles.gzip(Self.numbered(0..<2000)) + TestFiles.gzip(Self.numbered(2000..<2003))
            + TestFiles.gzip(Self.numbered(2003..<2400))
        try TestFiles.write(gz, to: file)
        let result = try await Self.scan([file.path], backend: backend)
        #expect(result.consumer.entries.map { $0.client?.port ?? 0 } == Array(1...2400))
        #expect(!result.statistics.hasProblems)
        // Proof of which inflater ran: libdeflate inflates all three members whole, zlib none.
        #expect(result.statistics.gzipMembersInflatedWithLibdeflate == (backend == .zlib ? 0 : 3))
    }

    @Test(arguments: backends)
    func corruptGzipKeepsRecordsBeforeTheFault(backend: AccessLogScanner.Configuration.GzipBackend) async throws {
        guard Self.requireLibdeflate(backend) else { return }
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("c.log.gz")
        let first = try TestFiles.gzip(Self.numbered(0..<300))
        var second = try TestFiles.gzip(Self.numbered(300..<600))
        for k in stride(from: 40, to: second.count - 20, by: 97) { second[k] ^= 0x5A }
        try TestFiles.write(first + second, to: file)
        let result = try await Self.scan([file.path], backend: backend)
        let ports = result.consumer.entries.map { $0.client?.port ?? 0 }
        // libdeflate inflates the intact first member, then zlib locates the fault in the second.
        #expect(result.statistics.gzipMembersInflatedWithLibdeflate == (backend == .zlib ? 0 : 1))
        #expect(ports.count >= 300)
        #expect(Array(ports.prefix(300)) == Array(1...300))
        #expect(result.statistics.sourcesFailed == 1)
        let error = try #require(result.statistics.errors.first { $0.line == nil })
        #expect(error.code == .gzipCorrupt)
        #expect(error.source == file.path)
        #expect((error.column ?? 0) >= first.count)
        #expect(error.description.contains("corrupt gzip data"))
    }

    @Test(arguments: backends)
    func truncatedGzipFile(backend: AccessLogScanner.Configuration.GzipBackend) async throws {
        guard Self.requireLibdeflate(backend) else { return }
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("t.log.gz")
        let first = try TestFiles.gzip(Self.numbered(0..<300))
        let second = try TestFiles.gzip(Self.numbered(300..<600))
        let data = first + second[..<(second.count / 2)]
        try TestFiles.write(Array(data), to: file)
        let result = try await Self.scan([file.path], backend: backend)
        let ports = result.consumer.entries.map { $0.client?.port ?? 0 }
        #expect(Array(ports.prefix(300)) == Array(1...300))
        #expect(ports.count < 600)
        let error = try #require(result.statistics.errors.first { $0.line == nil })
        #expect(error.code == .gzipTruncated)
        #expect(error.column == data.count)
    }

    @Test(arguments: backends)
    func trailingGarbageAfterTheLastMember(backend: AccessLogScanner.Configuration.GzipBackend) async throws {
        guard Self.requireLibdeflate(backend) else { return }
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("g.log.gz")
        let gz = try TestFiles.gzip(Self.numbered(0..<50))
        try TestFiles.write(gz + Array("garbage".utf8), to: file)
        let result = try await Self.scan([file.path], backend: backend)
        #expect(result.consumer.entries.count == 50)
        #expect(result.statistics.errors.map(\.code) == [.gzipTrailingGarbage])
        #expect(result.statistics.errors.first?.column == gz.count)
    }

    @Test func binaryGarbageIsSkippedAndCountedAndNeighboursKept() async throws {
        var rng = SplitMix64(seed: 7)
        var garbage: [UInt8] = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        garbage.append(UInt8(ascii: "\n"))
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("bin.log")
        try TestFiles.write(Array(Self.numbered(0..<10).utf8) + garbage + Array(Self.numbered(10..<20).utf8), to: file)
        let result = try await Self.scan([file.path])
        #expect(result.consumer.entries.map { $0.client?.port ?? 0 } == Array(1...20))
        #expect(result.statistics.linesSkipped > 0)
        #expect(result.statistics.linesSkipped + result.statistics.emptyLines + 20 == result.statistics.linesRead)
        #expect(result.statistics.hasProblems)
    }

    @Test func multiMegabyteLineIsReportedNotBuffered() async throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("huge.log")
        let huge = TestLines.with(.userAgent, "\"" + String(repeating: "x", count: 3 << 20) + "\"")
        try TestFiles.write(Self.numbered(0..<3) + huge + "\n" + Self.numbered(3..<6), to: file)
        let result = try await Self.scan([file.path])
        #expect(result.consumer.entries.count == 6)
        #expect(result.statistics.skippedByReason == ["line-too-long": 1])
        #expect(result.statistics.errors.first?.line == 4)
        #expect(result.consumer.lineNumbers == [1, 2, 3, 5, 6, 7])
    }

    @Test func invalidUTF8KeepsTheRecordAndIsCountedByField() async throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("utf8.log")
        var bad = Array(TestLines.with(.userAgent, "\"agent-X\"").utf8)
        if let i = bad.firstIndex(of: UInt8(ascii: "X")) { bad[i] = 0xC3 }
        try TestFiles.write(Array(Self.numbered(0..<2).utf8) + bad + [10] + Array(Self.numbered(2..<4).utf8), to: file)
        let result = try await Self.scan([file.path])
        #expect(result.consumer.entries.count == 5)
        #expect(result.consumer.entries[2].userAgent == "agent-\u{FFFD}")
        #expect(result.statistics.skippedByReason.isEmpty)
        #expect(!result.statistics.hasProblems)
        #expect(result.statistics.recordsWithInvalidUTF8 == 1)
        #expect(result.statistics.invalidUTF8ByField == ["user_agent": 1])
        #expect(result.statistics.summary.contains("1 record(s) kept with bytes that are not UTF-8"))
        // Lines 1 and 3 are 502s, 2, 4, 5 are 200s: both are counted whichever fields are read.
        let counted = try await AccessLogScanner().scan(sources: [.file(file.path)]) {
            AccessLogCounter(statusCodes: [502])
        }
        #expect(counted.consumer.count == 2)
        #expect(counted.statistics.skippedByReason.isEmpty)
        #expect(counted.statistics.invalidUTF8ByField == ["user_agent": 1])
    }

    @Test func missingFieldLineIsSkippedWithItsLocation() async throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("short.log")
        try TestFiles.write(Self.numbered(0..<2) + TestLines.era(12) + "\n" + Self.numbered(2..<4), to: file)
        let result = try await Self.scan([file.path])
        #expect(result.consumer.entries.count == 4)
        let error = try #require(result.statistics.errors.first)
        #expect(error.code == .missingField)
        #expect(error.field == .request)
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("\(file.path):3:"))
    }

    @Test func directoryInS3LayoutWithIgnoredObjectsAndWindowPruning() async throws {
        let root = try TestFiles.makeTemporaryDirectory()
        let day = root.appendingPathComponent("AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/03/05")
        func name(_ end: String, _ prefix: String = "", kind: String = "app") -> String {
            "\(prefix)123456789012_elasticloadbalancing_us-east-1_\(kind).my-lb.50dc6c495c0c9188_20240305T\(end)Z_10.0.0.5_abc.log.gz"
        }
        let early = TestLines.simple(status: 502, time: "2024-03-05T08:58:00.000000Z")
        let inside1 = TestLines.simple(status: 502, time: "2024-03-05T10:02:00.000000Z")
        let inside2 = TestLines.simple(status: 200, time: "2024-03-05T10:03:30.000000Z")
        let outside = TestLines.simple(status: 502, time: "2024-03-05T10:00:30.000000Z")
        let late = TestLines.simple(status: 502, time: "2024-03-05T10:58:00.000000Z")
        try TestFiles.write(try TestFiles.gzip(early + "\n"), to: day.appendingPathComponent(name("0900")))
        try TestFiles.write(
            try TestFiles.gzip([outside, inside1, inside2].joined(separator: "\n")),
            to: day.appendingPathComponent(name("1005"))
        )
        try TestFiles.write(late + "\n", to: day.appendingPathComponent(name("1100")))
        try TestFiles.write("not a log", to: root.appendingPathComponent("AWSLogs/123456789012/ELBAccessLogTestFile"))
        try TestFiles.write("x", to: day.appendingPathComponent(name("1005", "conn_log_")))
        try TestFiles.write("x", to: day.appendingPathComponent(name("1005", "health_check_log_")))
        try TestFiles.write("x", to: day.appendingPathComponent(name("1005", kind: "net")))
        try TestFiles.write("x", to: day.appendingPathComponent(".hidden"))

        let all = try await Self.scan([root.path])
        #expect(
            all.consumer.entries.map(\.time.description)
                == [early, outside, inside1, inside2, late].map { String($0.split(separator: " ")[1]) }
        )
        #expect(all.statistics.sourcesRead == 3)
        #expect(all.statistics.sourcesIgnored == 5)
        #expect(!all.statistics.hasProblems)

        let now = LogTimestamp("2024-03-06T00:00:00Z")!
        let window = try TimeWindow(since: "2024-03-05T10:01:00Z", until: "2024-03-05T10:04:00Z", now: now)
        let windowed = try await Self.scan([root.path], window: window)
        #expect(
            windowed.consumer.entries.map(\.time.description) == [
                "2024-03-05T10:02:00.000000Z", "2024-03-05T10:03:30.000000Z",
            ]
        )
        #expect(windowed.statistics.sourcesPrunedByWindow == 2)
        #expect(windowed.statistics.sourcesRead == 1)
        #expect(windowed.statistics.linesOutsideWindow == 1)
    }

    @Test func parallelResultsAreInInputOrder() async throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        var paths: [String] = []
        for k in 0..<12 {
            let url = dir.appendingPathComponent(String(format: "f%02d.log", k))
            let size = k % 3 == 0 ? 3000 : 10
            var text = Self.numbered((k * 3_100)..<(k * 3_100 + size))
            text += TestLines.with(.elbStatusCode, "bad\(k)") + "\n"
            if k % 2 == 0 {
                try TestFiles.write(try TestFiles.gzip(text), to: url)
            } else {
                try TestFiles.write(text, to: url)
            }
            paths.append(url.path)
        }
        let sequential = try await Self.scan(paths, parallelism: 1)
        for _ in 0..<3 {
            let parallel = try await Self.scan(paths, parallelism: 2)
            #expect(parallel.consumer.entries == sequential.consumer.entries)
            #expect(parallel.statistics == sequential.statistics)
        }
        #expect(sequential.statistics.errors.map(\.found) == (0..<12).map { "bad\($0)" })
        #expect(sequential.statistics.sourcesRead == 12)
    }

    @Test(arguments: [100, 777, 4096, 50_000])
    func largePlainFilesAreSplitIntoLineAlignedSegments(segmentSize: Int) async throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("big.log")
        var text = Self.numbered(0..<150)
        text += TestLines.with(.elbStatusCode, "bad") + "\n\n"
        text += TestLines.with(.userAgent, "\"" + String(repeating: "y", count: 9000) + "\"") + "\n"
        text += Self.numbered(150..<300) + TestLines.simple(status: 504)
        try TestFiles.write(text, to: file)
        var one = AccessLogScanner.Configuration(parallelism: 1)
        one.segmentSize = 0
        let sequential = try await AccessLogScanner(configuration: one).scan(sources: [.file(file.path)]) {
            EntryCollector()
        }
        var split = AccessLogScanner.Configuration(parallelism: 2)
        split.segmentSize = segmentSize
        let segmented = try await AccessLogScanner(configuration: split).scan(sources: [.file(file.path)]) {
            EntryCollector()
        }
        #expect(segmented.consumer.entries == sequential.consumer.entries)
        #expect(segmented.consumer.lineNumbers == sequential.consumer.lineNumbers)
        #expect(segmented.statistics == sequential.statistics)
        #expect(sequential.consumer.entries.count == 302)
        #expect(sequential.statistics.errors.map(\.line) == [151])
        #expect(sequential.statistics.bytesRead == Int64(text.utf8.count))
    }

    @Test func counterCountsStatusCodesAcrossFiles() async throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let a = dir.appendingPathComponent("a.log")
        let b = dir.appendingPathComponent("b.log.gz")
        try TestFiles.write(Self.numbered(0..<700), to: a)
        try TestFiles.write(try TestFiles.gzip(Self.numbered(700..<1400)), to: b)
        let result = try await AccessLogScanner().scan(sources: [.file(a.path), .file(b.path)]) {
            AccessLogCounter(statusCodes: [502])
        }
        #expect(result.consumer.count == (0..<1400).filter { $0 % 7 == 0 }.count)
    }

    /// Fields are split lazily: reading elb_status_code of the knowledge-center line works, its structural
    /// problem (field 17) shows only when the record is materialised or fully tokenized.
    @Test func recordsAreTokenizedLazily() async throws {
        struct StatusOnly: AccessLogConsumer {
            var statuses: [Int?] = []
            var structure: [AccessLogParseError.Code?] = []
            var fieldCounts: [Int] = []
            mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
                statuses.append(try record.elbStatusCode)
                #expect(record.isDash(.targetStatusCode))
                structure.append(record.structureError?.code)
                fieldCounts.append(record.fieldCount)
            }
            mutating func merge(_ other: StatusOnly) {
                statuses += other.statuses
                structure += other.structure
                fieldCounts += other.fieldCounts
            }
        }
        let feeder = AccessLogFeeder(source: "kc", consumer: StatusOnly())
        feeder.feed(Array((TestLines.knowledgeCenter502 + "\n" + TestLines.awsLambda + "\n").utf8))
        let result = feeder.finish()
        #expect(result.consumer.statuses == [502, 502])
        #expect(result.consumer.structure == [.unexpectedQuote, nil])
        #expect(result.consumer.fieldCounts == [16, 29])
        #expect(!result.statistics.hasProblems)
    }

    @Test func missingPathThrows() async {
        await #expect(throws: LogSourceError.self) {
            _ = try await AccessLogScanner().scan(sources: [.path("/nonexistent/alb.log")]) { AccessLogCounter() }
        }
    }
}

/// Deterministic pseudo-random numbers for generated inputs.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
