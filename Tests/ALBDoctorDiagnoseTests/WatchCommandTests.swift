import ALBDoctor
import Foundation
import TestSupport
import Testing

/// The built `alb-doctor watch` against the load balancer `web` in moto (``DiagnoseFixture``; CloudTrail at the
/// empty loopback stand-in of the diagnose scenarios, since moto returns no events): JSON lines while an object is
/// added between refreshes, and the live view under a real pseudo-terminal (`Scripts/pty-run.py`, python3's `pty`)
/// ended with Ctrl-C. These tests live here rather than in ALBDoctorCLITests because they build the incident
/// with the diagnose fixture.
@Suite(.serialized) struct WatchCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built binary: next to the test bundle, else `.build/debug`.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            var directory = URL(fileURLWithPath: first).deletingLastPathComponent()
            for _ in 0..<3 {
                candidates.append(directory.appendingPathComponent("alb-doctor"))
                directory = directory.deletingLastPathComponent()
            }
        }
        candidates.append(repository.appendingPathComponent(".build/debug/alb-doctor"))
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    }

    static func environment(endpoint: String, trail: LoopbackJSONServer) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": "/nonexistent",
            "AWS_ACCESS_KEY_ID": DiagnoseFixture.accessKey, "AWS_SECRET_ACCESS_KEY": DiagnoseFixture.secretKey,
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint, "AWS_MAX_ATTEMPTS": "1",
            "AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint, "AWS_CONFIG_FILE": "/nonexistent",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "TERM": "xterm", "NO_COLOR": "1",
        ]
    }

    /// The incident: object A (10.0.1.11 refuses every connection) and its metrics.
    static func incident(_ fixture: DiagnoseFixture, base: Int64) async throws {
        try await fixture.uploadLog(
            LoadBalancerWatchTests.lines(fixture, base: base, count: 120) { _, target in target.hasPrefix("10.0.1.11:")
            },
            end: base + 600
        )
        let minutes = (0..<10).map { (Int(base) + 60 * $0, 4.0) }
        try await fixture.putMetric("HTTPCode_ELB_502_Count", points: minutes)
        try await fixture.putMetric("TargetConnectionErrorCount", points: minutes)
    }

    /// The report of `diagnose` over `window` (the `start` and `end` a report states), as JSON text.
    static func diagnose(endpoint: String, trail: LoopbackJSONServer, window: [String: Any]) async throws -> String {
        var options = DiagnoseRun.Options(loadBalancer: "web")
        options.start = try #require(window["start"] as? String)
        options.end = try #require(window["end"] as? String)
        options.status = .automatic
        options.awsEnvironment = DiagnoseFixture.environment(
            endpoint: endpoint,
            overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
        )
        return try JSONReportRenderer().render(try await DiagnoseRun(options: options).run())
    }

    /// `--format jsonl --refreshes 3`: an object is added after the first line; each line says what that refresh
    /// read (one GetObject per new object, none twice), every line validates against the schema, and the last one
    /// carries the report, equal to `diagnose` over the same window.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func jsonLinesPerRefreshThenTheReport() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            let base = DiagnoseFixture.base(minutesAgo: 30)
            try await Self.incident(fixture, base: base)

            let process = Process()
            process.executableURL = try Self.binary()
            process.arguments = [
                "watch", "--load-balancer", "web", "--since", "40m", "--every", "3s", "--refreshes", "3", "--format",
                "jsonl",
            ]
            process.environment = Self.environment(endpoint: endpoint, trail: trail)
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            let lines = LineCollector()
            let reader = output.fileHandleForReading
            Thread.detachNewThread {
                while case let data = reader.availableData, !data.isEmpty { lines.append(data) }
                lines.finish()
            }
            async let exited: Void = ProcessExit.run(process)
            // The first refresh is out: add object B (every target answers) before the next one.
            let deadline = Date().addingTimeInterval(180)
            while lines.count < 1 && !lines.finished && Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await fixture.uploadLog(
                LoadBalancerWatchTests.lines(fixture, base: base + 600, count: 120) { _, _ in false },
                end: base + 1200
            )
            async let stderr = ProcessExit.drain(errors)
            try await exited
            try? output.fileHandleForWriting.close()
            while !lines.finished { try await Task.sleep(for: .milliseconds(20)) }
            let messages = String(decoding: await stderr, as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(messages)")

            let objects = try lines.all.map { line in
                try #require(
                    try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    "not a JSON object: \(line.prefix(300))"
                )
            }
            try #require(objects.count == 4, "\(lines.all)")
            for line in lines.all {
                if let problems = try await JSONSchemaCheck.errors(line, schema: "watch-refresh.schema.json") {
                    #expect(problems.isEmpty, "\(problems)")
                }
            }
            let refreshes = objects.prefix(3)
            #expect(refreshes.map { $0["refresh"] as? Int } == [1, 2, 3])
            #expect(refreshes.first?["new_log_objects"] as? Int == 1)
            let reads = refreshes.map { (($0["api_calls"] as? [String: Any])?["s3:GetObject"] as? Int) ?? 0 }
            #expect(reads.reduce(0, +) == 2, "each object read once: \(reads)")
            #expect(reads == refreshes.map { $0["new_log_objects"] as? Int ?? -1 }, "one GetObject per new object")
            let recovered = refreshes.flatMap { $0["recovered_targets"] as? [String] ?? [] }
            #expect(recovered == ["10.0.1.11:8080"])

            let last = try #require(objects.last)
            #expect(last["type"] as? String == "report")
            #expect(last["ending"] as? String == "refreshes")
            let report = try #require(last["report"] as? [String: Any])
            let window = try #require(report["window"] as? [String: Any])
            let diagnosed = try await Self.diagnose(endpoint: endpoint, trail: trail, window: window)
            let expected = try #require(
                try? JSONSerialization.jsonObject(with: Data(diagnosed.utf8)),
                "diagnose printed no JSON: \(diagnosed.prefix(300))"
            )
            #expect(NSDictionary(dictionary: report).isEqual(expected), "the final report differs from diagnose's")
        }
    }

    /// `--until-quiet 5m` when the last 5xx was twenty minutes ago (logs and metrics): the watch ends after its
    /// first refresh, with `ending` `quiet` and exit status 0; `--until-quiet 1h` on the same incident keeps it
    /// going until `--refreshes`.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func untilQuietEndsOnceNoErrorWasSeenForThatLong() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            try await Self.incident(fixture, base: DiagnoseFixture.base(minutesAgo: 30))
            for (quiet, lines, ending) in [("5m", 2, "quiet"), ("1h", 3, "refreshes")] {
                let process = Process()
                process.executableURL = try Self.binary()
                process.arguments = [
                    "watch", "--load-balancer", "web", "--since", "40m", "--every", "1s", "--until-quiet", quiet,
                    "--refreshes", "2", "--format", "jsonl",
                ]
                process.environment = Self.environment(endpoint: endpoint, trail: trail)
                let output = Pipe()
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                process.standardInput = FileHandle.nullDevice
                async let data = ProcessExit.drain(output)
                try await ProcessExit.run(process)
                #expect(process.terminationStatus == 0)
                let text = String(decoding: await data, as: UTF8.self)
                let objects = text.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
                #expect(objects.count == lines, "--until-quiet \(quiet): \(text.prefix(400))")
                #expect(objects.last?["ending"] as? String == ending)
                if quiet == "5m" {
                    let quietFor = objects.first?["quiet_seconds"] as? Int ?? 0
                    #expect(quietFor >= 5 * 60, "the last 5xx was about 20 minutes ago: \(quietFor) s")
                }
            }
        }
    }

    /// On a terminal the view is redrawn in place (cursor home, clear screen) at each refresh; Ctrl-C typed on
    /// the terminal ends the watch with the full report and exit status 0.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func terminalRedrawsInPlaceAndCtrlCEndsWithTheReport() async throws {
        let trail = try await DiagnoseScenarioTests.cloudTrail(events: [])
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            try await Self.incident(fixture, base: DiagnoseFixture.base(minutesAgo: 30))

            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", Self.repository.appendingPathComponent("Scripts/pty-run.py").path, "--interrupt-after",
                WatchDisplay.redraw, "--count", "2", "--", try Self.binary().path, "watch", "--load-balancer", "web",
                "--since", "40m", "--every", "1s",
            ]
            process.environment = Self.environment(endpoint: endpoint, trail: trail)
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = FileHandle.nullDevice
            async let data = ProcessExit.drain(output)
            try await ProcessExit.run(process)
            let run = try #require(
                try JSONSerialization.jsonObject(with: await data) as? [String: Any],
                "pty-run.py printed no JSON"
            )
            let text = try #require(run["output"] as? String)
            #expect(run["interrupted"] as? Bool == true, "\(text)")
            #expect(run["status"] as? Int == 0, "\(text)")
            let redraws = text.components(separatedBy: WatchDisplay.redraw)
            #expect(redraws.count >= 3, "two redraws or more")
            #expect(redraws[1].hasPrefix("alb-doctor watch web: refresh 1 at "), "\(redraws[1])")
            #expect(redraws[2].hasPrefix("alb-doctor watch web: refresh 2 at "), "\(redraws[2])")
            #expect(redraws[1].contains("target-refused-connection"))
            // After the last panel: the report of the whole window.
            let tail = try #require(redraws.last)
            #expect(tail.contains("diagnosis: web"), "\(tail)")
            #expect(tail.contains("target-refused-connection"))
        }
    }
}

/// Lines written by a child process, collected as they arrive.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    private var done = false

    func append(_ data: Data) {
        lock.lock()
        buffer.append(data)
        lock.unlock()
    }

    /// The complete lines so far.
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    var count: Int { all.count }

    /// The writer closed its end.
    func finish() {
        lock.lock()
        done = true
        lock.unlock()
    }

    var finished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }
}
