import ALBAccessLog
import Foundation
import Testing

@testable import ALBDoctor

/// `records --format jsonl` writes lines of the common shape straight from their bytes
/// (``AccessLogRecord/appendRecordsJSON(to:keys:)``): the text must be the same as decoding each entry, on the
/// samples and on every odd value of every field (escapes, non-ASCII and invalid UTF-8, IPv6, leading zeros,
/// lists, missing and extra fields, invalid values), and the same lines must be skipped with the same errors.
@Suite struct RecordsPrinterJSONTests {
    /// One line's 30 fields as ALB writes them (quoted fields with their quotes).
    static let base = [
        "https", "2026-11-24T09:00:01.123456Z", "app/web-prod/50dc6c495c0c9188", "198.51.100.7:40000",
        "10.0.1.10:8080", "0.000", "0.012", "0.000", "200", "200", "120", "340",
        "\"GET https://shop.example.com:443/cart?id=7 HTTP/1.1\"", "\"Mozilla/5.0 (X11; Linux x86_64)\"",
        "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2",
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef",
        "\"Root=1-00000000-000000000000000000000000\"", "\"shop.example.com\"",
        "\"arn:aws:acm:us-east-1:123456789012:certificate/abc\"", "1", "2026-11-24T09:00:01.111111Z",
        "\"forward\"", "\"-\"", "\"-\"", "\"10.0.1.10:8080\"", "\"200\"", "\"-\"", "\"-\"",
        "TID_0123456789abcdef",
    ]

    /// Odd values per field position; each makes one line from `base`.
    static let variants: [Int: [String]] = [
        0: ["-", "h2", "ws", "\"https\"", "x"],
        1: ["-", "2026-11-24T09:00:01Z", "2026-13-24T09:00:01.1Z", "yesterday"],
        2: ["-", "\"app/x/1\""],
        3: ["-", "[2001:db8::1]:443", "2001:db8::1:443", "198.51.100.7:080", "198.51.100.7:99999", "1.2.3.4", ":80"],
        4: ["-", "[2001:db8::1]:443", "10.0.1.10:0", "10.0.1.10:08080", "lambda", ""],
        5: ["-1", "-", "0.0001", "1e3", "abc", "-0.5"],
        6: ["-1", "60.001", "x"],
        8: ["-", "", "099", "5000", "50", "460"],
        9: ["-", "", "099", "abc"],
        10: ["-", "", "0", "007", "-5", "123456789012345678", "1234567890123456789"],
        11: ["0", "-", "99999999"],
        12: [
            "\"-\"", "\"\"", "\"GET\"", "\"GET /a\"", "\"GET  /a b  HTTP/2.0\"", "\"- - -\"",
            "\"GET https://x/\\\"q\\\" HTTP/1.1\"", "\"GET https://x/é HTTP/1.1\"", "\"GET https://x/\\x01 HTTP/1.1\"",
        ],
        13: ["\"-\"", "\"\"", "\"ua \\\"quoted\\\"\"", "\"ua with é\"", "\"back\\\\slash\"", "\"tab\there\""],
        14: ["ab\\c", "ab\\\"c", "-"],
        17: ["\"a\\x\"", "\"abc\\\\\"", "\"\\\\\\\"\"", "\"a\\\"b\\\\c\""],
        19: ["\"-\"", "-"],
        20: ["-", "", "-1", "0", "50000", "50001", "007", "-2"],
        21: ["-", "2026-11-24T09:00:01Z", "bad"],
        22: ["\"-\"", "\"waf,forward\"", "\"fixed-response\""],
        24: ["\"-\"", "\"TargetConnectionError\"", "\"LambdaUserError\""],
        25: [
            "\"-\"", "\"\"", "\"10.0.1.10:8080 10.0.1.11:8080\"", "\"- 10.0.1.10:8080\"", "\"[2001:db8::1]:443\"",
            "\"10.0.1.10:080\"", "\"bad\"", "\"10.0.1.10:8080  -\"",
        ],
        26: ["\"-\"", "\"\"", "\"200 502\"", "\"- 200\"", "\"099\"", "\"2000\"", "\"abc\""],
        27: ["\"Acceptable\"", "\"Ambiguous\""],
        28: ["\"HeaderContainsSpace\"", "\"-\""],
        29: ["-", "TID_\u{00e9}"],
    ]

    static func line(_ fields: [String]) -> String { fields.joined(separator: " ") }

    /// The lines: the base, every variant, older lines with fewer fields, newer ones with more, and invalid
    /// UTF-8 inside a field.
    static func lines() -> [[UInt8]] {
        var out: [[UInt8]] = [Array(line(base).utf8)]
        for (index, values) in variants.sorted(by: { $0.key < $1.key }) {
            for value in values {
                var f = base
                f[index] = value
                out.append(Array(line(f).utf8))
            }
        }
        for count in [3, 12, 17, 22, 25, 27, 29] { out.append(Array(line(Array(base.prefix(count))).utf8)) }
        out.append(Array(line(base + ["\"new-field\"", "-", "\"x y\""]).utf8))
        out.append(Array(line(base + ["\"tail\\\"q\""]).utf8))
        var invalid = Array(line(base).utf8)
        if let at = invalid.firstIndex(of: UInt8(ascii: "X")) { invalid[at] = 0xFF }
        out.append(invalid)
        return out
    }

    func print(
        _ path: String,
        fast: Bool
    ) throws -> (text: [UInt8], written: Int, fromBytes: Int, skipped: Int, errors: [String]) {
        let sink = OutputSink(fd: nil)
        var printer = RecordsPrinter(sink: sink, statusCodes: [], format: .jsonl)
        printer.fastJSON = fast
        let result = try AccessLogScanner().scanSequentially(sources: [.file(path)], consumer: printer)
        sink.flush()
        return (
            sink.collected, result.consumer.written, result.consumer.writtenFromBytes, result.statistics.linesSkipped,
            result.statistics.errors.map(\.description)
        )
    }

    @Test func everyOddFieldGivesTheSameTextAsDecodingTheEntry() throws {
        let lines = Self.lines()
        let data = lines.flatMap { $0 + [UInt8(ascii: "\n")] }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("records-json-\(UUID()).log").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(data)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fast = try print(path, fast: true)
        let slow = try print(path, fast: false)
        // Counting checks the same way: the same lines counted, the same skipped with the same errors.
        let counted = try AccessLogScanner().scanSequentially(sources: [.file(path)], consumer: AccessLogCounter())
        #expect(counted.consumer.count == slow.written)
        #expect(counted.statistics.errors.map(\.description) == slow.errors)
        #expect(fast.written == slow.written)
        #expect(fast.skipped == slow.skipped)
        #expect(fast.errors == slow.errors)
        #expect(slow.written > lines.count / 2, "the variants must not all be invalid")
        #expect(fast.fromBytes > lines.count / 4, "most variants are still the common shape")
        let fastLines = String(decoding: fast.text, as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        let slowLines = String(decoding: slow.text, as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        #expect(fastLines.count == slowLines.count)
        for (a, b) in zip(fastLines, slowLines) where a != b {
            Issue.record("fast: \(a)\nslow: \(b)")
        }
    }

    @Test func theSamplesGiveTheSameText() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("Samples/AWSLogs").path
        func run(_ fast: Bool) throws -> (text: [UInt8], written: Int, fromBytes: Int) {
            let sink = OutputSink(fd: nil)
            var printer = RecordsPrinter(sink: sink, statusCodes: [], format: .jsonl)
            printer.fastJSON = fast
            let result = try AccessLogScanner().scanSequentially(sources: [.directory(dir)], consumer: printer)
            return (sink.collected, result.consumer.written, result.consumer.writtenFromBytes)
        }
        let fast = try run(true)
        let slow = try run(false)
        #expect(slow.written > 1000)
        // The samples are the common shape: every line goes the fast way.
        #expect(fast.fromBytes == fast.written)
        #expect(slow.fromBytes == 0)
        #expect(fast.written == slow.written)
        #expect(fast.text == slow.text)
    }
}
