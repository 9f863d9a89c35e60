import ALBAccessLog
import Foundation
import Testing

/// `alb-doctor records` on health-check and connection logs (the built binary, as `RecordsCommandTests`).
@Suite struct RecordsLogTypesCommandTests {
    /// The documented keys of a log type's records: its AWS field names, then `unknown_fields`.
    static func keys(_ type: ALBLogType) -> [String] { type.fieldNames + ["unknown_fields"] }

    static func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The keys of one JSON line, in the order written.
    static func keyOrder(_ line: Substring) -> [String] {
        var keys: [String] = []
        var rest = line[...]
        while let start = rest.range(of: "\"") {
            let after = rest[start.upperBound...]
            guard let end = after.range(of: "\":") else { break }
            let key = after[..<end.lowerBound]
            if !key.contains("\"") { keys.append(String(key)) }
            rest = after[end.upperBound...]
            // Skip the value: a string, a list or a scalar up to the next `,"` at this level.
            if rest.first == "\"" {
                var i = rest.index(after: rest.startIndex)
                while i < rest.endIndex, rest[i] != "\"" { i = rest.index(i, offsetBy: rest[i] == "\\" ? 2 : 1) }
                rest = rest[rest.index(after: i)...]
            } else if rest.first == "[" {
                rest = rest[(rest.range(of: "]")?.upperBound ?? rest.endIndex)...]
            }
        }
        return keys
    }

    @Test func healthCheckRecordsAreJSONLinesWithTheAWSFieldNames() throws {
        let path = LogFixtures.path("health-check/variants.log")
        guard let run = try RecordsCommandTests.run(["records", path]) else { return }
        #expect(run.status == 0)
        let expected = try LogFixtures.jsonLines(
            "health-check/variants.expected.jsonl",
            as: HealthCheckLogRecordTests.Expected.self
        )
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == expected.count)
        let names = [
            "type", "time", "latency", "target_addr", "target_group_id", "status", "status_code", "reason_code", "elb",
            "ip_address", "unknown_fields",
        ]
        #expect(Self.keys(.healthCheck) == names)
        for line in lines { #expect(Self.keyOrder(line) == names) }
        let objects = try Self.objects(run.stdout)
        for (object, exp) in zip(objects, expected) {
            #expect(object["type"] as? String == exp.type)
            #expect(object["time"] as? String == exp.time)
            #expect(object["status"] as? String == exp.status)
            #expect(object["status_code"] as? Int == exp.statusCode)
            #expect(exp.statusCode != nil || object["status_code"] is NSNull)
            #expect(object["reason_code"] as? String == exp.reasonCode)
            #expect(object["target_group_id"] as? String == exp.targetGroupName)
            #expect(object["elb"] as? String == exp.elb)
            #expect(object["unknown_fields"] as? [String] == exp.unknownFields)
            if let ns = exp.latencyNs {
                #expect(object["latency"] as? Double == Double(ns) / 1e9)
            } else {
                #expect(object["latency"] is NSNull)
            }
            if let arn = exp.target?.lambda { #expect(object["target_addr"] as? String == arn) }
        }
        // The type read is named in the summary on stderr.
        #expect(run.stderr.contains("alb-doctor: read 1 source(s) of health-check logs, \(expected.count) lines"))
    }

    @Test func connectionRecordsCarryTheVerifyStatusAndTraceID() throws {
        guard let run = try RecordsCommandTests.run(["records", LogFixtures.path("connection/aws-examples.log")]) else {
            return
        }
        #expect(run.status == 0)
        let objects = try Self.objects(run.stdout)
        #expect(objects.count == 2)
        #expect(Self.keyOrder(run.stdout.split(separator: "\n")[0]) == Self.keys(.connection))
        #expect(objects[0]["timestamp"] as? String == "2023-10-04T17:05:15.514108Z")
        #expect(objects[0]["client_ip"] as? String == "203.0.113.1")
        #expect(objects[0]["client_port"] as? Int == 36280)
        #expect(objects[0]["listener_port"] as? Int == 443)
        #expect(objects[0]["tls_handshake_latency"] as? Double == 4.036)
        #expect(
            objects[0]["leaf_client_cert_subject"] as? String
                == "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US"
        )
        #expect(
            objects[0]["leaf_client_cert_validity"] as? String
                == "NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z"
        )
        #expect(objects[0]["tls_verify_status"] as? String == "Success")
        #expect(objects[0]["conn_trace_id"] as? String == "TID_3180a73013c8ca4bac2f731159d4b0fe")
        #expect(objects[0]["tls_keyexchange"] is NSNull)
        #expect(objects[1]["tls_handshake_latency"] is NSNull)
        #expect(objects[1]["tls_verify_status"] as? String == "Failed:ClientCertUntrusted")
        #expect(run.stderr.contains("of connection logs"))
    }

    @Test func tsvHasTheTypesHeader() throws {
        let path = LogFixtures.path("connection/variants.log")
        guard let run = try RecordsCommandTests.run(["records", "--format", "tsv", path]) else { return }
        let rows = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.first.map(String.init) == Self.keys(.connection).joined(separator: "\t"))
        let count = try LogFixtures.lines("connection/variants.log").count
        #expect(rows.count == count + 2)  // header, records, final empty
        for row in rows.dropFirst().dropLast() {
            #expect(
                row.split(separator: "\t", omittingEmptySubsequences: false).count
                    == Self.keys(.connection).count
            )
        }
    }

    @Test func aFolderIsReadForTheTypeAsked() throws {
        let expected = try LogFixtures.json("s3.expected.json", as: LogFixtures.ExpectedFolder.self)
        let folder = LogFixtures.folder
        guard let access = try RecordsCommandTests.run(["records", folder]) else { return }
        #expect(access.stdout.split(separator: "\n").count == expected.access.records)
        #expect(access.stderr.contains("\(expected.access.ignored) non-access-log file(s) ignored"))
        #expect(!access.stderr.contains("health-check"))
        guard let hc = try RecordsCommandTests.run(["records", "--log-type", "health-check", folder]) else { return }
        #expect(hc.status == 0)
        #expect(hc.stdout.split(separator: "\n").count == expected.healthCheck.records)
        #expect(hc.stderr.contains("read \(expected.healthCheck.files) source(s) of health-check logs"))
        #expect(hc.stderr.contains("\(expected.healthCheck.ignored) file(s) that are not health-check logs ignored"))
        guard let count = try RecordsCommandTests.run(["records", "--count", "--log-type", "connection", folder]) else {
            return
        }
        #expect(count.stdout == "\(expected.connection.records)\n")
        // A folder with health-check logs only needs no option.
        let only = try LogFixtures.directory(with: try LogFixtures.objects(in: folder, type: .healthCheck))
        guard let auto = try RecordsCommandTests.run(["records", "--count", only.path]) else { return }
        #expect(auto.stdout == "\(expected.healthCheck.records)\n")
        #expect(auto.stderr.contains("of health-check logs"))
    }

    @Test func standardInputShowsItsTypeInItsFirstLine() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("health-check/variants.log"))))
        let expected = try LogFixtures.jsonLines(
            "health-check/variants.expected.jsonl",
            as: HealthCheckLogRecordTests.Expected.self
        )
        guard
            let count = try RecordsCommandTests.run(
                ["records", "--count", "--status", "502", "-"],
                stdin: try TestFiles.gzip(bytes)
            )
        else { return }
        #expect(count.stdout == "\(expected.filter { $0.statusCode == 502 }.count)\n")
        #expect(count.stderr.contains("of health-check logs"))
        guard let tsv = try RecordsCommandTests.run(["records", "--format", "tsv", "-"], stdin: bytes) else { return }
        let rows = tsv.stdout.split(separator: "\n")
        #expect(rows.first.map(String.init) == Self.keys(.healthCheck).joined(separator: "\t"))
        #expect(rows.count == expected.count + 1)
        // An empty stream is read as access logs, as before (the header of access logs).
        guard let empty = try RecordsCommandTests.run(["records", "--format", "tsv", "-"], stdin: []) else { return }
        #expect(empty.stdout.hasPrefix("type\ttime\telb\tclient:port\t"))
        #expect(empty.stdout.hasSuffix("\tunknown_fields\n"))
        #expect(empty.stdout.split(separator: "\n").count == 1)
    }

    @Test func badLinesAreReportedAndTheRestPrinted() throws {
        let path = LogFixtures.path("connection/bad-lines.log")
        let expected = try LogFixtures.jsonLines(
            "connection/bad-lines.expected.jsonl",
            as: LogFixtures.ExpectedLine.self
        )
        guard let run = try RecordsCommandTests.run(["records", path]) else { return }
        #expect(run.status == 3)
        #expect(run.stdout.split(separator: "\n").count == expected.filter(\.ok).count)
        for bad in expected where !bad.ok {
            #expect(run.stderr.contains("\(path):\(bad.line):"), "line \(bad.line)")
            #expect(run.stderr.contains("\(bad.code ?? "") \(bad.field ?? "")"))
        }
    }

    @Test func mixedTypesAndImpossibleFiltersAreRefused() throws {
        let hc = LogFixtures.path("health-check/aws-examples.log")
        let conn = LogFixtures.path("connection/aws-examples.log")
        guard let mixed = try RecordsCommandTests.run(["records", hc, conn]) else { return }
        #expect(mixed.status == 1)
        #expect(mixed.stderr.contains("read one log type at a time"))
        #expect(mixed.stdout.isEmpty)
        guard let status = try RecordsCommandTests.run(["records", "--status", "502", conn]) else { return }
        #expect(status.status == 1)
        #expect(status.stderr.contains("connection logs have no status code"))
        // Told the type, a file is read as it whatever it holds.
        guard let told = try RecordsCommandTests.run(["records", "--log-type", "access", hc]) else { return }
        #expect(told.status == 3)
        #expect(told.stderr.contains("missing-field"))
    }

    /// Access logs read the same whatever `--log-type` says (auto, access).
    @Test func accessLogOutputDoesNotDependOnTheLogTypeOption() throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("a.log")
        try TestFiles.write(
            [TestLines.awsHTTP, TestLines.awsLambda, TestLines.full, "garbage"].joined(separator: "\n") + "\n",
            to: file
        )
        for format in ["jsonl", "tsv"] {
            guard let auto = try RecordsCommandTests.run(["records", "--format", format, file.path]),
                let access = try RecordsCommandTests.run([
                    "records", "--format", format, "--log-type", "access", file.path,
                ]),
                let stdin = try RecordsCommandTests.run(
                    ["records", "--format", format, "-"],
                    stdin: Array(try Data(contentsOf: file))
                )
            else { return }
            #expect(auto.stdout == access.stdout)
            #expect(auto.stdout == stdin.stdout)
            #expect(auto.stderr == access.stderr)
            #expect(auto.status == 3)
        }
    }
}
