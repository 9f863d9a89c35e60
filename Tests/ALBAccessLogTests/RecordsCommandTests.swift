import ALBAccessLog
import Foundation
import Testing

/// End-to-end checks of `alb-doctor records` (the public output contract), running the built binary.
@Suite struct RecordsCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `alb-doctor` binary next to the test bundle, or nil (a failure under CI=true).
    static var binary: URL? {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("alb-doctor")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("alb-doctor binary not found next to \(dir.path); run swift build first")
        }
        return nil
    }

    static func run(_ arguments: [String], stdin: [UInt8]? = nil) throws -> Run? {
        guard let binary else { return nil }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            let writer = Thread {
                input.fileHandleForWriting.write(Data(stdin))
                try? input.fileHandleForWriting.close()
            }
            writer.start()
        }
        let errData = Thread.detachNewThreadAndRead(err)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData(), as: UTF8.self)
        )
    }

    @Test func jsonLinesUseTheAWSFieldNames() throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("a.log")
        try TestFiles.write(
            [TestLines.awsHTTP, TestLines.awsLambda, TestLines.full].joined(separator: "\n") + "\n",
            to: file
        )
        guard let run = try Self.run(["records", file.path]) else { return }
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let objects = try lines.map {
            try JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) as? [String: Any] ?? [:]
        }
        let keys = [
            "type", "time", "elb", "client:port", "target:port", "request_processing_time", "target_processing_time",
            "response_processing_time", "elb_status_code", "target_status_code", "received_bytes", "sent_bytes",
            "request",
            "request_verb", "request_url", "request_proto", "user_agent", "ssl_cipher", "ssl_protocol",
            "target_group_arn",
            "trace_id", "domain_name", "chosen_cert_arn", "matched_rule_priority", "request_creation_time",
            "actions_executed",
            "redirect_url", "error_reason", "target:port_list", "target_status_code_list", "classification",
            "classification_reason", "conn_trace_id", "transformed_host", "transformed_uri", "request_transform_status",
            "unknown_fields",
        ]
        #expect(Set(objects[0].keys) == Set(keys))
        // Key order is the documented order.
        let firstKeys = lines[0].split(separator: ",\"").map { $0.split(separator: "\":").first.map(String.init) ?? "" }
        #expect(firstKeys.first == "{\"type")
        let lambda = objects[1]
        #expect(lambda["elb_status_code"] as? Int == 502)
        #expect(lambda["target_status_code"] is NSNull)
        #expect(lambda["target:port"] is NSNull)
        #expect(lambda["error_reason"] as? String == "LambdaInvalidResponse")
        #expect(lambda["client:port"] as? String == "192.168.131.39:2817")
        #expect(lambda["received_bytes"] as? Int == 34)
        #expect(lambda["target_processing_time"] as? Double == 0.001)
        #expect(lambda["conn_trace_id"] is NSNull)
        let full = objects[2]
        #expect(full["user_agent"] as? String == #"curl/8.0 "quoted" agent"#)
        #expect(full["request_verb"] as? String == "POST")
        #expect(full["request_url"] as? String == "https://www.example.com:443/a b?c=d")
        #expect(full["target:port_list"] as? [String] == ["10.0.0.1:8443"])
        #expect(full["target_status_code_list"] as? [Int] == [503])
        #expect(full["transformed_uri"] as? String == "/v2/a")
    }

    @Test func minusOneStaysMinusOneAndDashIsNull() throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("kc.log")
        var t = TestLines.fullTokens
        for f: AccessLogField in [
            .requestProcessingTime, .targetProcessingTime, .responseProcessingTime, .matchedRulePriority,
        ] { t[f.rawValue] = "-1" }
        t[AccessLogField.targetStatusCode.rawValue] = "-"
        try TestFiles.write(t.joined(separator: " ") + "\n", to: file)
        guard let run = try Self.run(["records", file.path]) else { return }
        #expect(
            run.stdout.contains(
                #""request_processing_time":-1,"target_processing_time":-1,"response_processing_time":-1,"elb_status_code":502,"target_status_code":null"#
            )
        )
        #expect(run.stdout.contains(#""matched_rule_priority":-1,"#))
    }

    @Test func statusFilterCountAndSkippedLinesExitStatus() throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("mixed.log.gz")
        let text = [TestLines.awsHTTP, TestLines.awsLambda, TestLines.knowledgeCenter502, TestLines.full].joined(
            separator: "\n"
        )
        try TestFiles.write(try TestFiles.gzip(text), to: file)
        guard let count = try Self.run(["records", "--status", "502", "--count", file.path]) else { return }
        #expect(count.stdout == "2\n")
        #expect(count.status == 3)
        #expect(count.stderr.contains("\(file.path):3:"))
        #expect(count.stderr.contains("3 lines parsed, 1 skipped"))
        #expect(count.stderr.contains("unexpected-quote target_group_arn"))
        guard let records = try Self.run(["records", "--status", "502", file.path]) else { return }
        #expect(records.stdout.split(separator: "\n").count == 2)
        #expect(records.status == 3)
        guard let tsv = try Self.run(["records", "--format", "tsv", file.path]) else { return }
        let rows = tsv.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.first?.hasPrefix("type\ttime\telb\tclient:port\ttarget:port\t") == true)
        #expect(rows.count == 5)  // header, 3 records, final empty
    }

    @Test func readsStandardInputPlainAndGzip() throws {
        let text = [TestLines.awsHTTP, TestLines.awsLambda].joined(separator: "\n") + "\n"
        guard let plain = try Self.run(["records", "--count", "-"], stdin: Array(text.utf8)) else { return }
        #expect(plain.stdout == "2\n")
        #expect(plain.status == 0)
        guard let gz = try Self.run(["records", "--status", "502", "-"], stdin: try TestFiles.gzip(text)) else {
            return
        }
        #expect(gz.stdout.contains(#""error_reason":"LambdaInvalidResponse""#))
        #expect(gz.status == 0)
    }

    @Test func timeWindowOptions() throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("w.log")
        try TestFiles.write([TestLines.awsHTTP, TestLines.awsLambda, TestLines.full].joined(separator: "\n"), to: file)
        // awsHTTP: 2018-07-02, awsLambda: 2018-11-30, full: 2024-03-05.
        guard let since = try Self.run(["records", "--count", "--since", "2018-11-01T00:00:00Z", file.path]) else {
            return
        }
        #expect(since.stdout == "2\n")
        #expect(since.stderr.contains("1 outside the time window"))
        guard let both = try Self.run(["records", "--since", "2018-11-01", "--until", "2019-01-01T00:00Z", file.path])
        else { return }
        #expect(both.stdout.split(separator: "\n").count == 1)
        #expect(both.stdout.contains(#""time":"2018-11-30T22:23:00.186641Z""#))
        #expect(both.status == 0)
    }

    @Test func tsvEscapesTabsAndBackslashes() throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("t.log")
        try TestFiles.write(TestLines.with(.userAgent, "\"a\tb \\\\ c\"") + "\n", to: file)
        guard let run = try Self.run(["records", "--format", "tsv", file.path]) else { return }
        let rows = run.stdout.split(separator: "\n")
        #expect(rows.count == 2)
        let header = rows[0].split(separator: "\t", omittingEmptySubsequences: false)
        let cells = rows[1].split(separator: "\t", omittingEmptySubsequences: false)
        #expect(header.count == cells.count)
        let ua = try #require(header.firstIndex(of: "user_agent"))
        #expect(cells[ua] == #"a\tb \\ c"#)
    }

    @Test func badArgumentsFail() throws {
        guard let run = try Self.run(["records", "--since", "yesterday", "x.log"]) else { return }
        #expect(run.status != 0)
        #expect(run.stderr.contains("invalid time"))
        guard let missing = try Self.run(["records", "/nonexistent/file.log"]) else { return }
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/file.log"))
    }
}

extension Thread {
    /// Reads a pipe to its end on a background thread; call the returned closure to get the data.
    static func detachNewThreadAndRead(_ pipe: Pipe) -> () -> Data {
        final class Box: @unchecked Sendable {
            var data = Data()
            let done = DispatchSemaphore(value: 0)
        }
        let box = Box()
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread {
            box.data = handle.readDataToEndOfFile()
            box.done.signal()
        }
        return {
            box.done.wait()
            return box.data
        }
    }
}
