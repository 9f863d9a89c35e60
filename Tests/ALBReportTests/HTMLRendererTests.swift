import ALBReport
import Foundation
import Testing

@Suite struct HTMLRendererTests {
    let report = ReportFixtures.report

    /// The element outline of a page: one line per start tag with its id and class, no text, no numbers.
    static func outline(_ html: String) throws -> String {
        let regex = try Regex(#"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>"#)
        var lines: [String] = []
        for match in html.matches(of: regex) {
            let name = String(match.output[1].substring ?? "")
            let attributes = String(match.output[2].substring ?? "")
            var line = name
            for key in ["id", "class"] {
                if let m = attributes.firstMatch(of: try Regex(" \(key)=\"([^\"]*)\"")) {
                    line += " \(key)=\(m.output[1].substring ?? "")"
                }
            }
            if lines.last?.hasPrefix(line) == true && !line.contains("id=") {
                continue  // runs of the same element (rects, rows) fold into one line
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func structureSnapshot() throws {
        let html = try HTMLReportRenderer().render(report)
        assertSnapshot(try Self.outline(html), named: "analysis.html.outline")
        assertSnapshot(try Self.outline(try HTMLReportRenderer().render(BlocksReport())), named: "blocks.html.outline")
    }

    @Test func selfContainedAndScriptFree() throws {
        let html = try HTMLReportRenderer().render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none';"#))
        #expect(html.contains("script-src 'none'"))
        for forbidden in ["<script", "<link", "<img", "<iframe", "<object", "<embed", "src=", "url(", "@import", " on"]
        {
            let hits = html.ranges(of: forbidden).count
            if forbidden == " on" {
                // No event handler attribute anywhere: " on" only occurs in text.
                #expect(html.firstMatch(of: try Regex(#"<[^>]* on[a-z]+="#)) == nil)
            } else {
                #expect(hits == 0, "\(forbidden) occurs \(hits) times")
            }
        }
        // Every link is a fragment of the page itself.
        for match in html.matches(of: try Regex(#"href="([^"]*)""#)) {
            #expect((match.output[1].substring ?? "").hasPrefix("#"))
        }
        #expect(html.contains("@media (prefers-color-scheme:dark)"))
        #expect(html.contains("@media print"))
    }

    @Test func oneBarGroupPerMinuteWith502s() throws {
        let html = try HTMLReportRenderer().render(report)
        let minutes = report.timeline.filter { $0.elb502 > 0 }.count
        #expect(minutes == 2)
        #expect(html.ranges(of: "<g class=\"bar\"").count == minutes)
        #expect(html.contains("data-bar-groups=\"\(minutes)\""))
    }

    @Test func causesInRankedOrderWithEvidenceConfirmFix() throws {
        let html = try HTMLReportRenderer().render(report)
        var position = html.startIndex
        for (i, finding) in report.findings.enumerated() {
            let heading = "<h3 id=\"cause-\(i + 1)-h\">\(i + 1). \(HTMLEscaping.escape(finding.title))"
            let found = try #require(html.range(of: heading, range: position..<html.endIndex), "\(heading)")
            position = found.upperBound
        }
        #expect(
            html.contains("<h4>Evidence</h4>") && html.contains("<h4>Confirm</h4>") && html.contains("<h4>Fix</h4>")
        )
        // The verdict names the top cause first.
        let verdict = try #require(html.range(of: "<ol class=\"verdict\">"))
        let top = HTMLEscaping.escape(try #require(report.findings.first).title)
        #expect(html[verdict.upperBound...].prefix(300).contains(top))
    }

    @Test func targetTableHasFailureRateAndSparkline() throws {
        let html = try HTMLReportRenderer().render(report)
        let section = try #require(html.range(of: "<section id=\"chart-targets\""))
        let end = try #require(html.range(of: "</section>", range: section.upperBound..<html.endIndex))
        let table = html[section.lowerBound..<end.lowerBound]
        #expect(table.contains("failure rate"))
        #expect(table.contains("10.0.1.13:8080"))
        #expect(table.ranges(of: "<svg class=\"sparkline\"").count == report.breakdowns.targets.rows.count)
        // 10.0.1.13 had its 6 502s in one minute: one sparkline bar.
        #expect(table.contains("<rect class=\"spark\""))
    }

    @Test func hostileStringsInEveryPlaceAreText() throws {
        let payloads = [
            "<script>window.pwned=1</script>", #""><img src=x onerror=alert(1)>"#, "</style><b>x",
            "javascript:alert(1)", "' autofocus onfocus='alert(1)",
        ]
        var r = BlocksReport()
        r.title = payloads[0]
        r.findings = [
            Finding(
                id: .targetMalformedResponse,
                title: payloads[1],
                confidence: 0.9,
                count: 3,
                evidence: [Evidence(source: .accessLog, summary: payloads[2], examples: payloads)],
                confirm: [payloads[3]],
                fix: [payloads[4]]
            )
        ]
        let html = try HTMLReportRenderer().render(r)
        for p in payloads {
            // A payload without a special character (`javascript:alert(1)`) is harmless text as it is.
            if HTMLEscaping.escape(p) != p { #expect(!html.contains(p), "raw payload \(p)") }
            #expect(html.contains(HTMLEscaping.escape(p)), "escaped payload \(p)")
        }
        #expect(!html.contains("=\"javascript:"), "a data string reached an attribute")
        #expect(html.ranges(of: "</style>").count == 1)
        #expect(html.firstMatch(of: try Regex(#"<[^>]* on[a-z]+="#)) == nil)
    }

    @Test func emptyReportStillRenders() throws {
        let (logs, scan) = InMemoryScan.aggregate("")
        let r = AnalysisReport(diagnosis: Diagnosis(logs: logs), scan: scan, inputs: ["empty.log"])
        let html = try HTMLReportRenderer().render(r)
        #expect(html.contains("No 502s in these logs."))
        #expect(!html.contains("<g class=\"bar\""))
        #expect(html.hasSuffix("</html>\n"))
    }
}
