import Foundation
import TestSupport
import Testing

/// Every command's JSON validates against its published schema (`schema/*.schema.json`), and they share
/// one shape: `causes`, snake_case keys, numbers as numbers.
@Suite struct ReportSchemaTests {
    static let fixtures = CLIRunner.repoRoot.appendingPathComponent("Tests/PacketCaptureTests/Fixtures")

    static func validate(_ json: String, _ schema: String, _ label: String) async throws {
        // nil only outside CI without python3's jsonschema (JSONSchemaCheck says why).
        if let errors = try await JSONSchemaCheck.errors(json, schema: schema) {
            #expect(errors.isEmpty, "\(label) breaks schema/\(schema): \(errors)")
        }
    }

    /// Every key of every object, except under the named data-keyed maps.
    static func keys(_ value: Any, skipping maps: Set<String>) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, child in [key] + (maps.contains(key) ? [] : keys(child, skipping: maps)) }
        }
        if let array = value as? [Any] { return array.flatMap { keys($0, skipping: maps) } }
        return []
    }

    @Test(arguments: [
        "refused-any-sll1.pcap", "keepalive-lo.pcap", "malformed-any-sll2.pcap", "tls-cipher-lo.pcapng",
        "unreachable-lo.pcap", "healthy-lo-ns.pcap",
    ])
    func pcapJSON(file: String) async throws {
        let r = try await CLIRunner.run(["pcap", Self.fixtures.appendingPathComponent(file).path, "--format", "json"])
        #expect(r.status <= 1, "\(r.stderr)")
        try await Self.validate(r.stdout, "pcap-report.schema.json", file)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["causes"] != nil && object["findings"] == nil)
        let maps: Set<String> = [
            "responses_by_status_class", "violations_by_code", "announced_timeouts", "offered_versions",
            "offered_suites", "chosen", "alerts", "server_names", "icmp_by_code", "details", "signatures",
        ]
        let camel = Self.keys(object, skipping: maps).filter { $0.contains { $0.isUppercase } }
        #expect(camel.isEmpty, "camelCase keys: \(Set(camel))")
    }

    @Test func probeJSON() async throws {
        try await LoopbackPorts.withRefusingPort { port in
            let r = try await CLIRunner.run([
                "probe", "http://127.0.0.1:\(port)/health", "--quick", "--connect-timeout", "2", "--format", "json",
            ])
            #expect(r.status <= 1, "\(r.stderr)")
            try await Self.validate(r.stdout, "probe-report.schema.json", "probe")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect(object["findings"] == nil)
            let causes = try #require(object["causes"] as? [[String: Any]])
            #expect(causes.first?["id"] as? String == "target-refused-connection")
            let target = try #require((object["targets"] as? [[String: Any]])?.first)
            #expect(target["causes"] != nil && target["findings"] == nil)
            let observation = try #require(target["observation"] as? [String: Any])
            #expect((observation["observed_at"] as? String)?.hasSuffix("Z") == true)
            #expect((observation["connect"] as? [String: Any])?["seconds"] is Double)
            // Evidence figures are numbers, not strings.
            let details = causes.flatMap {
                ($0["evidence"] as? [[String: Any]] ?? []).compactMap { $0["details"] as? [String: Any] }
            }
            let strings = details.flatMap { $0.values.compactMap { $0 as? String } }
            #expect(!strings.contains { Double($0) != nil && !$0.contains(":") }, "numbers as strings: \(strings)")
            let camel = Self.keys(object, skipping: ["details"]).filter { $0.contains { $0.isUppercase } }
            #expect(camel.isEmpty, "camelCase keys: \(Set(camel))")
        }
    }

    @Test func analyzeEvidenceNumbersAreNumbers() async throws {
        let r = try await CLIRunner.run(["demo", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["schema_version"] as? Int == 2)
        let details = (object["causes"] as? [[String: Any]] ?? []).flatMap {
            ($0["evidence"] as? [[String: Any]] ?? []).compactMap { $0["details"] as? [String: Any] }
        }
        let counts = details.compactMap { $0["count"] }
        #expect(!counts.isEmpty && counts.allSatisfy { $0 is Int }, "\(counts.prefix(5))")
    }
}
