import Foundation
import Testing

/// `alb-doctor mcp` fed by a client that writes its requests and closes standard input at once
/// (`printf … | alb-doctor mcp`, as a shell script or the package test does): every request is still answered
/// before the server exits.
struct MCPStandardInputTests {
    static func line(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The requests, then end of input; the answers by id.
    static func answers(to messages: [[String: Any]]) async throws -> (ids: [Int: [String: Any]], stderr: String) {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("requests.jsonl")
        try (messages.map(line).joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let binary = try CLIRunner.executable("alb-doctor")
        let r = try await CLIRunner.run(
            ["sh", "-c", "exec \"$0\" mcp < \"$1\"", binary.path, input.path],
            executable: "/usr/bin/env"
        )
        #expect(r.status == 0, "\(r.stderr)")
        var ids: [Int: [String: Any]] = [:]
        for text in r.stdout.split(separator: "\n") {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                "not a JSON object: \(text)"
            )
            if let id = object["id"] as? Int { ids[id] = object }
        }
        return (ids, r.stderr)
    }

    static var initialize: [String: Any] {
        [
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": [
                "protocolVersion": "2025-06-18", "capabilities": [String: Any](),
                "clientInfo": ["name": "stdin-test", "version": "1"],
            ],
        ]
    }
    static var initialized: [String: Any] { ["jsonrpc": "2.0", "method": "notifications/initialized"] }

    @Test func requestsWrittenBeforeEndOfInputAreAllAnswered() async throws {
        let (ids, stderr) = try await Self.answers(to: [
            Self.initialize, Self.initialized,
            ["jsonrpc": "2.0", "id": 2, "method": "tools/list"],
            [
                "jsonrpc": "2.0", "id": 3, "method": "tools/call",
                "params": ["name": "analyze_logs", "arguments": ["paths": ["Samples"]]],
            ],
        ])
        #expect(Set(ids.keys) == [1, 2, 3], "stderr: \(stderr)")
        let tools = ((ids[2]?["result"] as? [String: Any])?["tools"] as? [[String: Any]])?.compactMap {
            $0["name"] as? String
        }
        #expect(tools?.contains("analyze_logs") == true)
        #expect(tools?.contains("explain_cause") == true)
        let call = try #require(ids[3]?["result"] as? [String: Any], "\(String(describing: ids[3]))")
        #expect(call["isError"] as? Bool != true, "\(call)")
        let text = (call["content"] as? [[String: Any]])?.first?["text"] as? String ?? ""
        #expect(text.contains("502"), "\(text.prefix(300))")
    }

    @Test func aCancelledRequestDoesNotHoldTheServerOpen() async throws {
        let started = Date()
        let (ids, stderr) = try await Self.answers(to: [
            Self.initialize, Self.initialized,
            [
                "jsonrpc": "2.0", "id": 7, "method": "tools/call",
                "params": ["name": "analyze_logs", "arguments": ["paths": ["Samples"]]],
            ],
            ["jsonrpc": "2.0", "method": "notifications/cancelled", "params": ["requestId": 7]],
            ["jsonrpc": "2.0", "id": 8, "method": "tools/list"],
        ])
        #expect(ids[1] != nil && ids[8] != nil, "stderr: \(stderr)")
        #expect(Date().timeIntervalSince(started) < 120)
    }
}
