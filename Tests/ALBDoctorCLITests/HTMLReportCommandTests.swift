import Foundation
import TestSupport
import Testing

@Suite struct HTMLReportCommandTests {
    @Test func demoHTMLIsSelfContainedAndBounded() async throws {
        let r = try await CLIRunner.run(["demo", "--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = r.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.utf8.count < 2_000_000, "\(html.utf8.count) bytes")
        #expect(!html.contains("<script") && !html.contains("src="))
        let json = try await CLIRunner.run(["demo", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let timeline = try #require(object["timeline"] as? [[String: Any]])
        let minutesWith502 = timeline.filter { ($0["elb_502"] as? Int ?? 0) > 0 }.count
        #expect(minutesWith502 > 30)
        #expect(html.ranges(of: "<g class=\"bar\"").count == minutesWith502)
        // The same causes, in the same order, as the JSON.
        let causes = try #require(object["causes"] as? [[String: Any]])
        var position = html.startIndex
        for cause in causes {
            let id = try #require(cause["id"] as? String)
            let found = try #require(
                html.range(of: "<code>\(id)</code></h3>", range: position..<html.endIndex),
                "\(id)"
            )
            position = found.upperBound
        }
    }

    @Test func hostileLogLinesAreText() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = try HostileLog.write(in: dir)
        let r = try await CLIRunner.run(["analyze", log.path, "--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = r.stdout
        #expect(html.contains("10 ELB 502s"), "the hostile lines were parsed")
        for p in HostileLog.payloads {
            #expect(!html.contains(p), "raw payload in the page: \(p)")
        }
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<svg onload"))
        #expect(html.ranges(of: "</style>").count == 1)
        #expect(html.firstMatch(of: try Regex(#"<[^>]* on[a-z]+="#)) == nil)
        // The sampled example lines are on the page, as text.
        #expect(html.contains("&quot;Mozilla "))
        #expect(html.contains("&lt;"))
        #expect(html.contains("\u{FFFD}"), "the non-UTF-8 bytes show as replacement characters")
    }

    @Test func everyCommandAcceptsHTML() async throws {
        let pcap = CLIRunner.repoRoot.appendingPathComponent("Tests/PacketCaptureTests/Fixtures/refused-any-sll1.pcap")
        let r = try await CLIRunner.run(["pcap", pcap.path, "--format", "html"])
        #expect(r.status <= 1, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(r.stdout.contains("target-refused-connection"))
    }
}
