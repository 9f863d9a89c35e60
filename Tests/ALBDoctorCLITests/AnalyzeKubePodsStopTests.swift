import Foundation
import Testing

/// `analyze --kube-pods` on two shapes of a stop, written here from their log lines and pods: a pod SIGKILLed at
/// the end of its grace period (the logs alone read a deregistration cut), and an address a new pod reused.
@Suite struct AnalyzeKubePodsStopTests {
    static let base = "2026-11-24T10:"

    /// `10:MM:SS.ffffffZ` for a second offset from 10:00:00.
    static func time(_ seconds: Double) -> String {
        let whole = Int(seconds)
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded())
        let fraction =
            String(micros).count < 6
            ? String(repeating: "0", count: 6 - String(micros).count) + String(micros) : String(micros)
        return String(format: "%@%02d:%02d.%@Z", base, whole / 60, whole % 60, fraction)
    }

    static func line(_ seconds: Double, _ target: String, elb: Int = 200, times: String = "0.000 0.012 0.000") -> String
    {
        let t = time(seconds)
        let status = elb == 200 ? "200" : "-"
        return
            "https \(t) app/k8s-shop-web/50dc6c495c0c9188 198.51.100.7:40000 \(target):8080 \(times) \(elb) \(status) 120 340 \"GET https://shop.example.com:443/ HTTP/1.1\" \"curl/8.5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/k8s-shop-web-5a1b2c3d4e/0123456789abcdef \"Root=1-00000000-000000000000000000000000\" \"shop.example.com\" \"-\" 0 \(t) \"forward\" \"-\" \"-\" \"\(target):8080\" \"\(status)\" \"-\" \"-\" TID_00000000000000000000000000000000"
    }

    static func pod(
        _ name: String,
        ip: String,
        deletion: String? = nil,
        grace: Int = 30,
        exit: Int? = nil,
        finished: String? = nil
    ) -> [String: Any] {
        var metadata: [String: Any] = ["name": name, "namespace": "shop"]
        if let deletion {
            metadata["deletionTimestamp"] = deletion
            metadata["deletionGracePeriodSeconds"] = grace
        }
        var status: [String: Any] = ["phase": "Running", "podIP": ip, "podIPs": [["ip": ip]]]
        if let exit, let finished {
            status["containerStatuses"] = [
                ["name": "app", "state": ["terminated": ["exitCode": exit, "finishedAt": finished]]]
            ]
        }
        return [
            "metadata": metadata,
            "spec": [
                "containers": [["name": "app", "lifecycle": ["preStop": ["sleep": ["seconds": 10]]]]],
                "terminationGracePeriodSeconds": grace,
            ],
            "status": status,
        ]
    }

    func run(_ lines: [String], _ pods: [[String: Any]]) async throws -> [String: Any] {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("access.log")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: log)
        let podsFile = dir.appendingPathComponent("pods.json")
        try JSONSerialization.data(withJSONObject: ["kind": "List", "items": pods]).write(to: podsFile)
        let r = try await CLIRunner.run(["analyze", log.path, "--kube-pods", podsFile.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func aPodKilledAtTheEndOfItsGraceIsTheStopNotTheDeregistrationDelay() async throws {
        // 10.0.2.12 drains from 10:05:00 (no new request), its long requests are cut at 10:05:30 when the kubelet
        // SIGKILLs it (exit 137): the delay (300 s by default) was not what ran out.
        var lines: [String] = []
        for i in 0..<1200 {
            let s = Double(i) * 0.5
            let target = ["10.0.2.12", "10.0.2.13", "10.0.2.14"][i % 3]
            if target == "10.0.2.12" && s >= 300 { continue }
            lines.append(Self.line(s, target))
        }
        for k in 0..<10 {
            lines.append(Self.line(330 + Double(k) * 0.01, "10.0.2.12", elb: 502, times: "0.000 2\(k).500 -1"))
        }
        lines.sort { $0.split(separator: " ")[1] < $1.split(separator: " ")[1] }
        let json = try await run(
            lines,
            [Self.pod("web-1", ip: "10.0.2.12", deletion: Self.time(330), exit: 137, finished: Self.time(330))]
        )
        let causes = try #require(json["causes"] as? [[String: Any]])
        let top = try #require(causes.first)
        #expect(top["id"] as? String == "target-stopped-while-registered")
        #expect(top["count"] as? Int == 10)
        #expect(!causes.contains { $0["id"] as? String == "target-deregistered" }, "\(causes.map { $0["id"] ?? "" })")
        let alternatives = (top["alternative_causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(alternatives == ["target-deregistered"])
        #expect(causes.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } <= json["elb_502"] as? Int ?? 0)
    }

    @Test func anAddressReusedByANewPodIsNamedAfterThePodThatFailed() async throws {
        // web-old at 10.0.2.12 stops at 10:05:00 (refused for 6 s); web-new gets the same address and serves from
        // 10:07:00.
        var lines: [String] = []
        for i in 0..<1200 {
            let s = Double(i) * 0.5
            let target = ["10.0.2.12", "10.0.2.13", "10.0.2.14"][i % 3]
            if target == "10.0.2.12" && s >= 300 && s < 420 { continue }
            lines.append(Self.line(s, target))
        }
        var t = 300.2
        while t < 306 {
            lines.append(Self.line(t, "10.0.2.12", elb: 502, times: "-1 -1 -1"))
            t += 0.5
        }
        lines.sort { $0.split(separator: " ")[1] < $1.split(separator: " ")[1] }
        let json = try await run(
            lines,
            [
                Self.pod("web-old", ip: "10.0.2.12", deletion: Self.time(330), exit: 143, finished: Self.time(301)),
                Self.pod("web-new", ip: "10.0.2.12"),
            ]
        )
        let rows = try #require(
            ((json["breakdowns"] as? [String: Any])?["targets"] as? [String: Any])?["rows"] as? [[String: Any]]
        )
        let row = try #require(rows.first { $0["key"] as? String == "10.0.2.12:8080" })
        let named = try #require(row["workload"] as? String)
        #expect(named.contains("web-old"), "\(named)")
        #expect(!named.contains("web-new"), "\(named)")
        #expect((json["causes"] as? [[String: Any]])?.first?["id"] as? String == "target-stopped-while-registered")
    }
}
