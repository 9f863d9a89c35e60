import ALBAccessLog
import ALBAthena
import Foundation
import Testing

/// The Athena table's regex (`athena setup`) against every hand-written fixture line the parser tests use:
/// which lines it matches, and that each column takes the right field. ICU's regex engine stands in for
/// Java's here (same syntax and backtracking semantics for these constructs); the DuckDB test runs the same
/// regex through Python's `re` on the Samples.
@Suite struct AthenaTableRegexTests {
    static let regex: NSRegularExpression = {
        do {
            return try NSRegularExpression(pattern: "^" + AccessLogTable.regex + "$")
        } catch {
            fatalError("AccessLogTable.regex does not compile: \(error)")
        }
    }()

    /// The capture groups of a whole-line match (`nil` for a group that did not take part), or `nil`.
    static func groups(_ line: String) -> [String?]? {
        let range = NSRange(line.startIndex..., in: line)
        guard let m = regex.firstMatch(in: line, range: range) else { return nil }
        return (1..<m.numberOfRanges).map { i in
            Range(m.range(at: i), in: line).map { String(line[$0]) }
        }
    }

    static func column(_ groups: [String?], _ name: String) -> String? {
        guard let i = AccessLogTable.columns.firstIndex(where: { $0.name == name }) else { return nil }
        return groups[i]
    }

    @Test func oneGroupPerColumn() {
        #expect(Self.regex.numberOfCaptureGroups == AccessLogTable.columns.count)
        #expect(AccessLogTable.columns.count == 37)
    }

    @Test func matchesTheAWSExamplesAndEveryLayoutTheParserAccepts() throws {
        // Matched: the three AWS documentation lines (29 fields), the current 33-field line, every
        // shorter era from 18 fields (ends after trace_id) to 32, and lines with fields AWS adds later.
        var lines = [TestLines.awsHTTP, TestLines.awsHTTPS, TestLines.awsLambda, TestLines.full]
        lines += (18...32).map(TestLines.era)
        lines.append(TestLines.full + " \"new-field\" 42")
        lines.append(TestLines.full + " ")
        for line in lines {
            #expect(Self.groups(line) != nil, "not matched: \(line)")
        }
        // Not matched (a row of NULLs, counted as skipped by the Athena engine): the knowledge-center
        // example, whose trace_id quote sits at the end of target_group_arn; lines shorter than 18 fields.
        #expect(Self.groups(TestLines.knowledgeCenter502) == nil)
        #expect(Self.groups(TestLines.era(17)) == nil)
        #expect(Self.groups("not an access log line") == nil)
    }

    @Test func everyColumnTakesItsField() throws {
        let g = try #require(Self.groups(TestLines.full))
        let expected: [String: String] = [
            "type": "h2", "time": "2024-03-05T10:11:12.123456Z", "elb": "app/my-lb/50dc6c495c0c9188",
            "client_ip": "203.0.113.9", "client_port": "51234", "target_ip": "10.0.0.1", "target_port": "8443",
            "request_processing_time": "0.001", "target_processing_time": "0.250",
            "response_processing_time": "0.003", "elb_status_code": "502", "target_status_code": "503",
            "received_bytes": "1234", "sent_bytes": "5678", "request_verb": "POST",
            "request_url": "https://www.example.com:443/a b?c=d", "request_proto": "HTTP/2.0",
            "user_agent": #"curl/8.0 \"quoted\" agent"#, "ssl_cipher": "TLS_AES_128_GCM_SHA256",
            "ssl_protocol": "TLSv1.3",
            "target_group_arn":
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
            "trace_id": "Root=1-58337262-36d228ad5d99923122bbe354;Self=1-5-6", "domain_name": "www.example.com",
            "chosen_cert_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc", "matched_rule_priority": "42",
            "request_creation_time": "2024-03-05T10:11:11.870000Z", "actions_executed": "waf,forward",
            "redirect_url": "https://example.org/next", "lambda_error_reason": "LambdaUnhandled",
            "target_port_list": "10.0.0.1:8443", "target_status_code_list": "503", "classification": "Acceptable",
            "classification_reason": "SpaceInUri", "conn_trace_id": "TID_dc57cebed65b444ebc8177bb698fe166",
            "transformed_host": "rewritten.example.com", "transformed_uri": "/v2/a",
            "request_transform_status": "TRANSFORMED",
        ]
        #expect(expected.count == AccessLogTable.columns.count)
        for (name, value) in expected {
            #expect(Self.column(g, name) == value, "\(name)")
        }
    }

    @Test func olderLinesLeaveTheMissingFieldsNull() throws {
        for count in 18...32 {
            let g = try #require(Self.groups(TestLines.era(count)))
            // Columns: fields 1–4 and 5 split in two each (ip, port), field 13 in three (verb, url, proto).
            let present = count + 4
            for (i, column) in AccessLogTable.columns.enumerated() {
                if i < present {
                    #expect(g[i] != nil, "era \(count): \(column.name) should be set")
                } else {
                    #expect(g[i] == nil, "era \(count): \(column.name) should be NULL")
                }
            }
        }
        // A Lambda target (`-`) leaves target_ip empty and target_port unparsed, as in AWS's regex.
        let lambda = try #require(Self.groups(TestLines.awsLambda))
        #expect(Self.column(lambda, "target_ip") == "")
        #expect(Self.column(lambda, "lambda_error_reason") == "LambdaInvalidResponse")
    }
}
