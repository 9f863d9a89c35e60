import ALBAccessLog
import Foundation
import Testing

/// The streaming path must give the same result however the bytes are cut into chunks.
@Suite struct AccessLogFeederTests {
    /// A mix of good lines, an empty line, a CRLF line, a bad line, escaped quotes and no final newline.
    static let text: String = {
        var lines: [String] = []
        for i in 0..<40 {
            switch i % 10 {
            case 3: lines.append("")
            case 5: lines.append(TestLines.awsHTTPS + "\r")
            case 6: lines.append(TestLines.with(.elbStatusCode, "5x2"))
            case 7: lines.append(TestLines.knowledgeCenter502)
            case 8: lines.append(TestLines.with(.userAgent, #""agent \"\" \\ \"x\"""#))
            default: lines.append(TestLines.simple(status: 200 + i, client: "192.0.2.\(i):\(1000 + i)"))
            }
        }
        return lines.joined(separator: "\n")
    }()

    /// Oracle: the standard library's split plus one-line parsing.
    static func oracle(_ text: String) -> (entries: [AccessLogEntry], skipped: Int, empty: Int) {
        var entries: [AccessLogEntry] = []
        var skipped = 0
        var empty = 0
        // Split bytes, not Characters: "\r\n" is one Character in Swift.
        for (i, raw) in Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated()
        {
            var bytes = Array(raw)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            let line = String(decoding: bytes, as: UTF8.self)
            if line.isEmpty {
                empty += 1
                continue
            }
            do {
                entries.append(try AccessLogEntry.parse(line: line, source: "s", lineNumber: i + 1))
            } catch {
                skipped += 1
            }
        }
        return (entries, skipped, empty)
    }

    static func feed(_ bytes: [UInt8], chunkSize: Int, configuration: AccessLogScanner.Configuration = .init())
        -> ScanResult<EntryCollector>
    {
        let feeder = AccessLogFeeder(source: "s", consumer: EntryCollector(), configuration: configuration)
        var i = 0
        while i < bytes.count {
            let end = min(i + chunkSize, bytes.count)
            bytes[i..<end].withUnsafeBytes { feeder.feed($0) }
            i = end
        }
        return feeder.finish()
    }

    @Test(arguments: [1, 2, 3, 7, 64, 333, 1000, 4096, 1 << 20])
    func plainChunksMatchTheOracle(chunkSize: Int) {
        let expected = Self.oracle(Self.text)
        let result = Self.feed(Array(Self.text.utf8), chunkSize: chunkSize)
        #expect(result.consumer.entries == expected.entries)
        #expect(result.statistics.linesSkipped == expected.skipped)
        #expect(result.statistics.emptyLines == expected.empty)
        #expect(result.statistics.linesRead == 40)
        #expect(result.statistics.linesParsed == expected.entries.count)
        #expect(
            result.statistics.skippedByReason == [
                "invalid-value elb_status_code": 4, "unexpected-quote target_group_arn": 4,
            ]
        )
    }

    @Test(arguments: [1, 5, 100, 4096, 65536])
    func gzipChunksMatchTheOracle(chunkSize: Int) throws {
        let expected = Self.oracle(Self.text)
        let gz = try TestFiles.gzip(Self.text)
        let result = Self.feed(gz, chunkSize: chunkSize)
        #expect(result.consumer.entries == expected.entries)
        #expect(result.statistics.linesSkipped == expected.skipped)
        #expect(!result.statistics.hasProblems || result.statistics.sourcesFailed == 0)
    }

    @Test(arguments: [1, 13, 4096])
    func multiMemberGzipStreams(chunkSize: Int) throws {
        let lines = Self.text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines[..<15].joined(separator: "\n") + "\n"
        let second = lines[15...].joined(separator: "\n")
        let gz = try TestFiles.gzip(first) + TestFiles.gzip(second) + [0, 0, 0, 0]
        let result = Self.feed(gz, chunkSize: chunkSize)
        #expect(result.consumer.entries == Self.oracle(Self.text).entries)
        #expect(result.statistics.sourcesFailed == 0)
    }

    @Test(arguments: [1, 100, 1 << 16])
    func longLinesAreReportedAndSkippedWithoutBuffering(chunkSize: Int) {
        var configuration = AccessLogScanner.Configuration()
        configuration.maxLineLength = 2000
        let long = TestLines.with(.userAgent, "\"" + String(repeating: "a", count: 50_000) + "\"")
        let text = [TestLines.simple(status: 200), long, TestLines.simple(status: 502), long].joined(separator: "\n")
        let result = Self.feed(Array(text.utf8), chunkSize: chunkSize, configuration: configuration)
        #expect(result.consumer.entries.map(\.elbStatusCode) == [200, 502])
        #expect(result.consumer.lineNumbers == [1, 3])
        #expect(result.statistics.skippedByReason == ["line-too-long": 2])
        #expect(result.statistics.errors.map(\.line) == [2, 4])
        #expect(result.statistics.errors.first?.description.contains("longer than 2000 bytes") == true)
    }

    @Test func truncatedGzipStreamKeepsEarlierLines() throws {
        let text =
            (0..<200).map { TestLines.simple(status: 200, client: "192.0.2.1:\($0 + 1)") }.joined(separator: "\n")
            + "\n"
        let gz = try TestFiles.gzip(text)
        let cut = Array(gz[..<(gz.count * 2 / 3)])
        let result = Self.feed(cut, chunkSize: 1000)
        #expect(result.consumer.entries.count > 50)
        #expect(result.consumer.entries.count < 200)
        #expect(result.statistics.sourcesFailed == 1)
        let error = try #require(result.statistics.errors.first { $0.line == nil })
        #expect(error.code == .gzipTruncated)
        #expect(error.column == cut.count)
        // The clients' ports count up from 1: nothing before the cut is missing.
        #expect(result.consumer.entries.map { $0.client?.port ?? 0 } == Array(1...result.consumer.entries.count))
    }

    @Test func emptyStreamIsNotAnError() {
        let result = Self.feed([], chunkSize: 10)
        #expect(result.consumer.entries.isEmpty)
        #expect(!result.statistics.hasProblems)
    }
}
