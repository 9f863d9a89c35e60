import Foundation
import TestSupport
import Testing

/// The default report (no `--status`) leads with the errors the logs hold, on the four log sets of
/// `Scripts/make-status-fixtures.py`, in every format, against snapshots under `Snapshots/default/`
/// (`RECORD_SNAPSHOTS=1` rewrites them and fails, so a recording never passes silently).
@Suite struct DefaultReportTests {
    static let sets = ["504", "503", "mixed", "502", "scale-in"]
    static let formats = ["text": "txt", "markdown": "md", "json": "json", "html": "html"]

    static func path(_ set: String) -> String { "Tests/ALBDoctorCLITests/Fixtures/status/\(set).log" }

    static func json(_ args: [String]) async throws -> [String: Any] {
        let r = try await CLIRunner.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test(arguments: sets)
    func everyFormatMatchesItsSnapshot(_ set: String) async throws {
        for (format, ext) in Self.formats.sorted(by: { $0.key < $1.key }) {
            let r = try await CLIRunner.run(["analyze", Self.path(set), "--format", format, "--color", "off"])
            #expect(r.status == 0, "\(r.stderr)")
            Self.assertSnapshot(r.stdout, named: "default/\(set).\(ext)")
        }
    }

    @Test func a504StoreLeadsWithThe504Causes() async throws {
        let r = try await CLIRunner.run(["analyze", Self.path("504"), "--color", "off"])
        #expect(r.stdout.hasPrefix("ALB 504 and 502 analysis\n"), "\(r.stdout.prefix(60))")
        let json = try await Self.json(["analyze", Self.path("504"), "--format", "json"])
        let causes = try #require(json["causes"] as? [[String: Any]])
        #expect(causes.first?["id"] as? String == "target-response-timeout")
        #expect(causes.first?["status"] as? Int == 504)
        #expect(causes.first?["count"] as? Int == 164)
        #expect(json["selected_codes"] as? [Int] == [502, 504])
        #expect((json["status_selection_reason"] as? String)?.hasPrefix("no --status") == true)
        // The 4 502s are still explained, after the 504s.
        #expect(causes.contains { $0["id"] as? String == "target-keepalive-timeout" })
    }

    @Test func aScaleInIsOneStopWithItsCountsPerCode() async throws {
        let json = try await Self.json(["analyze", Self.path("scale-in"), "--format", "json"])
        #expect(json["selected_codes"] as? [Int] == [460, 502, 504])
        let causes = try #require(json["causes"] as? [[String: Any]])
        let top = try #require(causes.first)
        #expect(top["id"] as? String == "target-stopped-while-registered")
        #expect(top["counts_by_status"] as? [String: Int] == ["502": 3, "504": 14, "460": 5])
        #expect(top["count"] as? Int == 22)
        // Nothing else claims the stop's 504s and 460s.
        #expect(!causes.contains { ["target-connect-timeout", "client-closed-early"].contains($0["id"] as? String) })
        let text = try await CLIRunner.run(["analyze", Self.path("scale-in"), "--color", "off"]).stdout
        #expect(text.contains("22 errors: 3 × 502, 14 × 504, 5 × 460"))
        #expect(text.contains("answered ordinary requests until 2026-11-24T09:08:19Z"))
        // Under --status 504 the stop is named for its 504s; under --status 502 for its 502s, as before.
        let only504 = try await Self.json(["analyze", Self.path("scale-in"), "--status", "504", "--format", "json"])
        let first504 = try #require((only504["causes"] as? [[String: Any]])?.first)
        #expect(first504["id"] as? String == "target-stopped-while-registered")
        #expect(first504["count"] as? Int == 14)
        let only502 = try await Self.json(["analyze", Self.path("scale-in"), "--status", "502", "--format", "json"])
        let first502 = try #require((only502["causes"] as? [[String: Any]])?.first)
        #expect(first502["count"] as? Int == 3)
        #expect(first502["counts_by_status"] == nil)
    }

    @Test func a503StoreLeadsWithTheEmptyTargetGroup() async throws {
        let json = try await Self.json(["analyze", Self.path("503"), "--format", "json"])
        let causes = try #require(json["causes"] as? [[String: Any]])
        #expect(causes.first?["id"] as? String == "no-registered-targets")
        #expect(causes.first?["count"] as? Int == 120)
    }

    @Test func mixedLogsExplainEveryCodeAndTheTargets500s() async throws {
        let json = try await Self.json(["analyze", Self.path("mixed"), "--format", "json"])
        #expect(json["selected_codes"] as? [Int] == [460, 500, 502, 504])
        let causes = try #require(json["causes"] as? [[String: Any]])
        let ids = Set(causes.compactMap { $0["id"] as? String })
        #expect(ids.isSuperset(of: ["target-refused-connection", "target-connect-timeout", "client-closed-early"]))
        #expect(causes.contains { $0["id"] as? String == "target-application-error" && $0["status"] as? Int == 500 })
        let statuses = try #require(json["statuses"] as? [[String: Any]])
        let five = try #require(statuses.first { $0["status"] as? Int == 500 })
        // The targets' own 500s get their section: attribution, targets and paths.
        #expect((five["source"] as? [String: Int])?["target"] == 40)
        #expect((five["paths"] as? [[String: Any]])?.first?["key"] as? String == "/checkout")
        #expect((five["targets"] as? [[String: Any]])?.count == 4)
        let text = try await CLIRunner.run(["analyze", Self.path("mixed"), "--color", "off"])
        #expect(text.stdout.hasPrefix("ALB error analysis: 502, 460, 504 and 1 more\n"), "\(text.stdout.prefix(80))")
        #expect(text.stdout.contains("500s by path"))
    }

    @Test func logsWithOnly502sGetExactlyThe502Report() async throws {
        for format in ["text", "json", "markdown", "html"] {
            let auto = try await CLIRunner.run(["analyze", Self.path("502"), "--format", format, "--color", "off"])
            let explicit = try await CLIRunner.run([
                "analyze", Self.path("502"), "--status", "502", "--format", format, "--color", "off",
            ])
            #expect(auto.status == 0 && explicit.status == 0)
            #expect(auto.stdout == explicit.stdout, "\(format)")
        }
    }

    @Test func aSelectionWithout502ShowsNo502Noise() async throws {
        let r = try await CLIRunner.run(["analyze", Self.path("504"), "--status", "504", "--color", "off"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("× 502"))
        #expect(!r.stdout.contains("ELB 502s"))
        #expect(r.stdout.contains("Selected codes"))
        // Logs without any 5xx: the hint, and no empty 502 section before it.
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let healthy =
            try String(contentsOfFile: CLIRunner.repoRoot.path + "/" + Self.path("504"), encoding: .utf8)
            .split(separator: "\n").prefix(50).joined(separator: "\n") + "\n"
        let file = dir.appendingPathComponent("healthy.log")
        try Data(healthy.utf8).write(to: file)
        let none = try await CLIRunner.run(["analyze", file.path, "--status", "5xx", "--color", "off"])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(!none.stdout.contains("Who produced the 502s"))
        #expect(!none.stdout.contains("502s by target"))
        #expect(none.stdout.contains("No lines with the selected status codes in these logs."))
    }

    @Test func allElbNamesTheTargetsOwnCodesItLeavesOut() async throws {
        let json = try await Self.json(["analyze", Self.path("mixed"), "--status", "all-elb", "--format", "json"])
        let other = try #require(json["other_elb_codes"] as? [String: Any])
        #expect((other["target_codes"] as? [[String: Any]])?.compactMap { $0["status"] as? Int } == [500])
        let target = try await Self.json([
            "analyze", Self.path("mixed"), "--status", "target-5xx", "--format", "json",
        ])
        #expect(target["selected_codes"] as? [Int] == [500])
    }

    @Test func aMissingFileSaysErrorOnce() async throws {
        let r = try await CLIRunner.run(["analyze", "/nonexistent.log"])
        #expect(r.status == 2)
        #expect(r.stderr.components(separatedBy: "error:").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("/nonexistent.log"))
    }

    @Test func theDemoNamesItsSamplesWithoutAMachinePath() async throws {
        let r = try await CLIRunner.run(["demo", "--status", "502", "--color", "off"])
        let inputs = try #require(r.stdout.split(separator: "\n").first { $0.contains("Inputs") })
        #expect(inputs.hasSuffix("Samples/AWSLogs"))
        #expect(!inputs.contains(CLIRunner.repoRoot.path))
    }

    @Test func theReadmeDemoExcerptIsRealOutput() async throws {
        let readme = try String(contentsOf: CLIRunner.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = "`swift run alb-doctor demo --color off` (excerpt, real output):\n\n```\n"
        let start = try #require(readme.range(of: marker))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let excerpt = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        let r = try await CLIRunner.run(["demo", "--color", "off"])
        let output = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // Every excerpt line appears in the output, in order ("…" marks a cut).
        var i = output.startIndex
        for line in excerpt where line.trimmingCharacters(in: .whitespaces) != "…" {
            guard let found = output[i...].firstIndex(of: line) else {
                Issue.record("README excerpt line not in the demo output: \(line)")
                return
            }
            i = found + 1
        }
        #expect(!readme.contains(CLIRunner.repoRoot.path))
    }

    /// Compares `text` with `Snapshots/<name>` next to this file (``TestSupport/assertSnapshot(_:named:in:sourceLocation:)``).
    static func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        TestSupport.assertSnapshot(text, named: name, in: dir, sourceLocation: sourceLocation)
    }
}
