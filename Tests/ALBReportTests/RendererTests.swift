import ALBReport
import Foundation
import Testing

@Suite struct RendererTests {
    let report = ReportFixtures.report

    @Test func fixtureIsWhatWeThinkItIs() {
        #expect(report.requests == 129)
        #expect(report.elb502 == 9)
        // Ranked by impact: 6 × 0.60 = 3.6 before 3 × 0.95 = 2.85.
        #expect(report.causes.map(\.id) == [.targetRefusedConnection, .targetApplication502])
    }

    @Test func textSnapshot() throws {
        assertSnapshot(try TextReportRenderer(colors: false).render(report), named: "analysis.txt")
    }

    @Test func markdownSnapshot() throws {
        assertSnapshot(try MarkdownReportRenderer().render(report), named: "analysis.md")
    }

    @Test func jsonSnapshot() throws {
        assertSnapshot(try JSONReportRenderer().render(report), named: "analysis.json")
    }

    @Test func blocksSnapshots() throws {
        let r = BlocksReport()
        assertSnapshot(try TextReportRenderer(colors: false).render(r), named: "blocks.txt")
        assertSnapshot(try TextReportRenderer(colors: true).render(r), named: "blocks.ansi.txt")
        assertSnapshot(try MarkdownReportRenderer().render(r), named: "blocks.md")
        assertSnapshot(try JSONReportRenderer().render(r), named: "blocks.json")
    }

    /// The three formats show the same findings, in the same order, with the same counts.
    @Test(arguments: [ReportFixtures.report as any RenderableReport, BlocksReport()])
    func threeFormatsRenderTheSameFindings(report: any RenderableReport) throws {
        let expected = report.findings.map { "\($0.id.rawValue):\($0.count)" }
        #expect(!expected.isEmpty)

        let text = try TextReportRenderer(colors: false).render(report)
        let textIDs = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), let open = line.lastIndex(of: "["), line.hasSuffix("]") else { return nil }
            return String(line[line.index(after: open)..<line.index(before: line.endIndex)])
        }
        let textCounts = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("     confidence"), let comma = line.lastIndex(of: ",") else { return nil }
            return line[line.index(comma, offsetBy: 2)...].split(separator: " ").first.map(String.init)
        }
        #expect(zip(textIDs, textCounts).map { "\($0):\($1)" } == expected)

        let md = try MarkdownReportRenderer().render(report)
        let mdIDs = md.split(separator: "\n").filter { $0.hasPrefix("### ") }.compactMap { line -> String? in
            guard let a = line.lastIndex(of: "(") else { return nil }
            return String(line[line.index(a, offsetBy: 2)..<line.index(line.endIndex, offsetBy: -2)])
        }
        let mdCounts = md.split(separator: "\n").filter { $0.hasPrefix("Confidence **") }.compactMap {
            $0.split(separator: " ").dropLast(2).last.map(String.init)
        }
        #expect(zip(mdIDs, mdCounts).map { "\($0):\($1)" } == expected)

        let json = try JSONReportRenderer().render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let key = object["causes"] != nil ? "causes" : "findings"
        let items = try #require(object[key] as? [[String: Any]])
        #expect(items.map { "\($0["id"] as? String ?? ""):\($0["count"] as? Int ?? -1)" } == expected)
        #expect(object["schema_version"] as? Int == report.schemaVersion)
    }

    @Test func jsonKeepsTheContractKeys() throws {
        let json = try JSONReportRenderer().render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in ["schema_version", "requests", "elb_502", "source", "signatures", "causes", "skipped"] {
            #expect(object[key] != nil, "\(key)")
        }
        let source = try #require(object["source"] as? [String: Int])
        #expect(source == ["load_balancer": 6, "target": 3, "other": 0])
        let cause = try #require((object["causes"] as? [[String: Any]])?.first)
        #expect(
            Set(cause.keys) == ["id", "title", "confidence", "count", "evidence", "confirm", "fix", "alternatives"]
        )
    }

    @Test func colorsOnlyWhenAsked() throws {
        let plain = try TextReportRenderer(colors: false).render(report)
        let colored = try TextReportRenderer(colors: true).render(report)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[31m"))
        #expect(colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) == plain)
    }

    @Test func markdownEscapesTableCells() throws {
        let md = try MarkdownReportRenderer().render(BlocksReport())
        #expect(md.contains("| a\\|b | 1 |"))
        #expect(md.contains("````\nGET / HTTP/1.1\nx ``` y\n````"))
    }

    @Test func findingWithoutACountShowsNoCount() throws {
        var report = BlocksReport()
        report.findings = [Finding(id: .targetKeepaliveTimeout, confidence: 0.8, count: 0)]
        let text = try TextReportRenderer(colors: false).render(report)
        let md = try MarkdownReportRenderer().render(report)
        #expect(text.contains("confidence 0.80") && !text.contains("× 502"))
        #expect(md.contains("Confidence **0.80** (high).") && !md.contains("× 502"))
        report.findings = [Finding(id: .targetKeepaliveTimeout, confidence: 0.8, count: 3)]
        #expect(try TextReportRenderer(colors: false).render(report).contains("0.80 (high), 3 × 502"))
    }

    @Test func emptyReportSaysNo502s() throws {
        let (logs, scan) = InMemoryScan.aggregate("")
        let r = AnalysisReport(diagnosis: Diagnosis(logs: logs), scan: scan, inputs: ["empty.log"])
        let text = try TextReportRenderer().render(r)
        #expect(text.contains("No 502s in these logs."))
    }
}
