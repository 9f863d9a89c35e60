import ALBAccessLog
import Foundation

/// Hand-written access-log lines used across the tests.
enum TestLines {
    /// The three example lines of the AWS documentation (§1.7 of alb-facts.md), 29 fields each.
    static let awsHTTP =
        #"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#
    static let awsHTTPS =
        #"https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#
    static let awsLambda =
        #"http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" 0 2018-11-30T22:22:48.364000Z "forward" "-" "LambdaInvalidResponse" "-" "-" "-" "-""#

    /// The example line of the AWS knowledge-center article on ALB 502s, verbatim: it ends after trace_id and
    /// the quote that should open trace_id sits at the end of target_group_arn.
    static let knowledgeCenter502 =
        #"http 2022-04-15T16:52:50.757968Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 -1 -1 -1 502 - 86 155 "GET http://example.com:80/ HTTP/1.1" "curl/7.51.0" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067" Root=1-58337262-36d228ad5d99923122bbe354""#

    /// A current-format line: all 33 fields, each with a distinct, non-default value.
    static let fullTokens: [String] = [
        "h2",
        "2024-03-05T10:11:12.123456Z",
        "app/my-lb/50dc6c495c0c9188",
        "203.0.113.9:51234",
        "10.0.0.1:8443",
        "0.001",
        "0.250",
        "0.003",
        "502",
        "503",
        "1234",
        "5678",
        #""POST https://www.example.com:443/a b?c=d HTTP/2.0""#,
        #""curl/8.0 \"quoted\" agent""#,
        "TLS_AES_128_GCM_SHA256",
        "TLSv1.3",
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
        #""Root=1-58337262-36d228ad5d99923122bbe354;Self=1-5-6""#,
        #""www.example.com""#,
        #""arn:aws:acm:us-east-1:123456789012:certificate/abc""#,
        "42",
        "2024-03-05T10:11:11.870000Z",
        #""waf,forward""#,
        #""https://example.org/next""#,
        #""LambdaUnhandled""#,
        #""10.0.0.1:8443""#,
        #""503""#,
        #""Acceptable""#,
        #""SpaceInUri""#,
        "TID_dc57cebed65b444ebc8177bb698fe166",
        #""rewritten.example.com""#,
        #""/v2/a""#,
        #""TRANSFORMED""#,
    ]

    static var full: String { fullTokens.joined(separator: " ") }

    /// The full line cut after `count` fields.
    static func era(_ count: Int) -> String { fullTokens.prefix(count).joined(separator: " ") }

    /// The full line with one field replaced.
    static func with(_ field: AccessLogField, _ token: String) -> String {
        var t = fullTokens
        t[field.rawValue] = token
        return t.joined(separator: " ")
    }

    /// A simple valid line with a given status and time, for scanner tests.
    static func simple(status: Int, time: String = "2024-03-05T10:11:12.000000Z", client: String = "192.0.2.1:1000")
        -> String
    {
        var t = fullTokens
        t[1] = time
        t[3] = client
        t[8] = String(status)
        return t.joined(separator: " ")
    }
}

/// Temporary directories and gzip helpers (the system `gzip` binary makes the archives).
enum TestFiles {
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alblog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// gzip-compresses bytes with the system `gzip -n -c` (one member).
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -n -c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(bytes))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    static func gzip(_ text: String) throws -> [UInt8] { try gzip(Array(text.utf8)) }
}

/// Collects every record's entry (or the error) in order; used as a test oracle consumer.
struct EntryCollector: AccessLogConsumer {
    var entries: [AccessLogEntry] = []
    var lineNumbers: [Int] = []

    mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
        entries.append(try record.entry())
        lineNumbers.append(record.lineNumber)
    }

    mutating func merge(_ other: EntryCollector) {
        entries += other.entries
        lineNumbers += other.lineNumbers
    }
}
