import Foundation
import TestSupport
import Testing

/// `--status` on analyze and demo, against the bundled samples and their manifest.
@Suite struct AnalyzeStatusCommandTests {
    static func json(_ args: [String]) async throws -> [String: Any] {
        let r = try await CLIRunner.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func truth() throws -> [[String: Any]] {
        try #require(try AnalyzeCommandTests.manifest()["statuses"] as? [[String: Any]])
    }

    @Test func the502ReportEndsWithTheOtherLoadBalancerCodes() async throws {
        let r = try await CLIRunner.run(["demo", "--status", "502", "--color", "off"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ALB 502 analysis\n"))
        let last = try #require(r.stdout.range(of: "Other load-balancer codes\n", options: .backwards))
        let tail = String(r.stdout[last.lowerBound...])
        #expect(!tail.contains("Example lines"))
        // The shortest option that covers them.
        #expect(tail.contains("--status all-elb"))
        // No status cause sneaks into the 502 report.
        #expect(!r.stdout.contains("[target-response-timeout]"))
        let json = try await Self.json(["demo", "--status", "502", "--format", "json"])
        let other = try #require(json["other_elb_codes"] as? [String: Any])
        #expect(other["option"] as? String == "--status all-elb")
        #expect(json["statuses"] == nil && json["status_selection"] == nil)
    }

    @Test func demoStatus5xxMatchesTheManifestAndRanksAcrossCodes() async throws {
        let json = try await Self.json(["demo", "--status", "5xx", "--format", "json"])
        #expect(json["status_selection"] as? String == "5xx")
        let statuses = try #require(json["statuses"] as? [[String: Any]])
        let truth = try Self.truth().filter { ($0["status"] as? Int ?? 0) / 100 == 5 }
        #expect(statuses.map { $0["status"] as? Int } == truth.map { $0["status"] as? Int })
        for (got, want) in zip(statuses, truth) {
            #expect(got["count"] as? Int == want["count"] as? Int)
            #expect((got["source"] as? [String: Int]) == (want["source"] as? [String: Int]))
            let sigs = (got["signatures"] as? [[String: Any]] ?? []).map {
                "\($0["id"] ?? "")/\($0["code"] ?? "-")=\($0["count"] ?? "")"
            }
            let wantSigs = (want["signatures"] as? [[String: Any]] ?? []).map {
                "\($0["id"] ?? "")/\($0["code"] ?? "-")=\($0["count"] ?? "")"
            }
            #expect(Set(sigs) == Set(wantSigs), "\(want["status"] ?? "")")
        }
        let causes = try #require(json["causes"] as? [[String: Any]])
        let ids = Set(causes.compactMap { $0["id"] as? String })
        for id in [
            "target-refused-connection", "target-response-timeout", "target-connect-timeout",
            "target-tls-handshake-timeout", "target-body-shorter-than-content-length", "lambda-connect-timeout",
            "no-registered-targets", "waf-error", "authentication-error", "rule-evaluation-error", "idp-unauthorized",
        ] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(!ids.contains("client-closed-early"))
        // Ranked by impact: the errors a cause explains × its confidence (Finding.ranked).
        let impacts = causes.map { Double($0["count"] as? Int ?? 0) * ($0["confidence"] as? Double ?? 0) }
        #expect(impacts == impacts.sorted(by: >))
        #expect(causes.contains { $0["id"] as? String == "target-response-timeout" && $0["status"] as? Int == 504 })
        if let errors = try await JSONSchemaCheck.errors(
            try String(decoding: JSONSerialization.data(withJSONObject: json), as: UTF8.self),
            schema: "analyze-report.schema.json"
        ) {
            #expect(errors.isEmpty, "\(errors)")
        }
        let other = try #require(json["other_elb_codes"] as? [String: Any])
        #expect(other["option"] as? String == "--status all-elb")
        #expect((other["codes"] as? [[String: Any]])?.compactMap { $0["status"] as? Int } == [413, 460, 463, 464])
    }

    @Test func statusWithout502LeavesThe502CausesOutButKeepsTheContractKeys() async throws {
        let json = try await Self.json(["analyze", "Samples/AWSLogs", "--status", "504,460", "--format", "json"])
        let causes = try #require(json["causes"] as? [[String: Any]])
        #expect(Set(causes.compactMap { $0["status"] as? Int }) == [460, 504])
        #expect(causes.allSatisfy { $0["status"] != nil })
        #expect(json["elb_502"] as? Int == (try AnalyzeCommandTests.manifest())["elb_502"] as? Int)
        let text = try await CLIRunner.run(["analyze", "Samples/AWSLogs", "--status", "504,460", "--color", "off"])
        #expect(text.stdout.hasPrefix("ALB error analysis (--status 460,504)\n"))
        #expect(text.stdout.contains("HTTP 504: who produced them and their signatures"))
        #expect(text.stdout.contains("[client-closed-early]"))
        #expect(text.stdout.contains("× 504"))
        #expect(!text.stdout.contains("Who produced the 502s"))
    }

    @Test func aBadStatusIsAUsageError() async throws {
        let r = try await CLIRunner.run(["analyze", "Samples/AWSLogs", "--status", "6xx"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("'6xx' is not a status code"))
    }
}
