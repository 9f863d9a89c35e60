import AWSClients
import Foundation
import TestSupport
import Testing

/// `analyze s3://bucket/prefix` against moto_server on 127.0.0.1 (the bundled samples uploaded in the S3 layout),
/// and `analyze --evidence DIR` replaying a directory written by `diagnose --save-evidence`.
@Suite struct AnalyzeS3CommandTests {
    static let environment = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1", "AWS_PROFILE": "", "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    ]

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every `.gz` under Samples/AWSLogs, uploaded under the same keys.
    static func uploadSamples(endpoint: String, bucket: String) async throws -> Int {
        try await upload(CLIRunner.repoRoot.appendingPathComponent("Samples"), endpoint: endpoint, bucket: bucket) {
            $0.pathExtension == "gz"
        }
    }

    /// Every file under `root` that `include` accepts, uploaded to `bucket` under its path below `root`.
    static func upload(
        _ root: URL,
        endpoint: String,
        bucket: String,
        include: (URL) -> Bool
    ) async throws -> Int {
        let core = AWSHTTPClient(
            credentialProvider: StaticCredentialProvider(
                AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            ),
            region: "us-east-1",
            endpoints: AWSEndpointResolver(commandLineOverride: endpoint),
            retry: AWSRetryPolicy(maxAttempts: 1, baseDelay: 0.01)
        )
        func put(_ path: String, _ body: [UInt8]) async throws {
            let request = AWSRequest(
                operation: "PUT \(path)",
                iamAction: "s3:PutObject",
                method: "PUT",
                path: path,
                body: body,
                s3Bucket: bucket,
                errorProtocol: .restXML
            )
            _ = try await core.send(request, service: .s3)
        }
        try await put("/", [])
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects ?? []
        var count = 0
        for case let file as URL in files where include(file) && !file.hasDirectoryPath {
            let key = String(file.path.dropFirst(root.path.count + 1))
            try await put(S3Client.keyPath(key), Array(try Data(contentsOf: file)))
            count += 1
        }
        return count
    }

    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func analyzeStreamsS3LikeTheLocalCopy() async throws {
        try await withMotoServer { endpoint in
            let uploaded = try await Self.uploadSamples(endpoint: endpoint, bucket: "web-logs")
            #expect(uploaded > 10)
            let remote = try await CLIRunner.run(
                ["analyze", "s3://web-logs/AWSLogs/", "--endpoint-url", endpoint, "--format", "json"],
                environment: Self.environment
            )
            #expect(remote.status == 0, "\(remote.stderr)")
            let local = try await CLIRunner.run(["analyze", "Samples", "--format", "json"])
            var s3Report = try Self.json(remote.stdout)
            var localReport = try Self.json(local.stdout)
            #expect(s3Report["inputs"] as? [String] == ["s3://web-logs/AWSLogs/"])
            s3Report["inputs"] = nil
            localReport["inputs"] = nil
            // Everything else — counts, causes, examples, timeline — is the same as reading the local copy.
            #expect(NSDictionary(dictionary: s3Report).isEqual(to: localReport))
            #expect((s3Report["elb_502"] as? Int ?? 0) > 0)

            // --since prunes objects by the end time in their names: fewer requests, none before it.
            let pruned = try await CLIRunner.run(
                [
                    "analyze", "s3://web-logs/AWSLogs/", "--since", "2026-11-24T09:30:00Z", "--endpoint-url", endpoint,
                    "--format", "json",
                ],
                environment: Self.environment
            )
            #expect(pruned.status == 0, "\(pruned.stderr)")
            let prunedReport = try Self.json(pruned.stdout)
            #expect((prunedReport["requests"] as? Int ?? 0) < (s3Report["requests"] as? Int ?? 0))

            let missing = try await CLIRunner.run(
                ["analyze", "s3://no-such-bucket/AWSLogs/", "--endpoint-url", endpoint],
                environment: Self.environment
            )
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("cannot list s3://no-such-bucket/AWSLogs/"), "\(missing.stderr)")
            #expect(missing.stderr.contains("NoSuchBucket"), "\(missing.stderr)")
            #expect(!missing.stderr.contains("wJalrXUtnFEMI"), "the secret never appears")
        }
    }

    /// The join fixture (access, health-check and connection logs of one load balancer in the S3 layout, from
    /// `Scripts/make-join-logs.py`) read from S3: the health-check and connection objects are found by name beside the
    /// access logs and joined, the same report as the local copy.
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func analyzeReadsHealthCheckAndConnectionLogsFromS3() async throws {
        try await withMotoServer { endpoint in
            let root = CLIRunner.repoRoot.appendingPathComponent("Tests/ALBDoctorCLITests/Fixtures/join")
            let uploaded = try await Self.upload(root, endpoint: endpoint, bucket: "join-logs") {
                $0.path.contains("/AWSLogs/")
            }
            #expect(uploaded == 3)
            let remote = try await CLIRunner.run(
                ["analyze", "s3://join-logs/AWSLogs/", "--endpoint-url", endpoint, "--format", "json"],
                environment: Self.environment
            )
            #expect(remote.status == 0, "\(remote.stderr)")
            let local = try await CLIRunner.run(["analyze", root.path, "--format", "json"])
            var s3Report = try Self.json(remote.stdout)
            var localReport = try Self.json(local.stdout)
            let other = s3Report["other_logs"] as? [[String: Any]] ?? []
            #expect(other.map { $0["type"] as? String } == ["health-check", "connection"], "\(other)")
            #expect(other.map { $0["lines"] as? Int } == [80, 13])
            let causes = (s3Report["causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            for id in ["target-refused-connection", "client-certificate-rejected", "health-check-misconfigured"] {
                #expect(causes.contains(id), "\(causes)")
            }
            let refused = (s3Report["causes"] as? [[String: Any]] ?? []).first {
                $0["id"] as? String == "target-refused-connection"
            }
            #expect(refused?["confidence"] as? Double == 0.8)
            s3Report["inputs"] = nil
            localReport["inputs"] = nil
            #expect(NSDictionary(dictionary: s3Report).isEqual(to: localReport))
        }
    }

    /// `diagnose --save-evidence` (AWS unreachable: every API call becomes missing evidence; the logs come from
    /// --logs), then `analyze --evidence` and `diagnose --evidence` give the same report offline.
    @Test func analyzeEvidenceReplaysASavedDiagnosis() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let saved = directory.appendingPathComponent("evidence")
        let live = try await CLIRunner.run(
            [
                "diagnose", "--load-balancer",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-prod/50dc6c495c0c9188",
                "--logs", "Samples", "--start", "2026-11-24T00:00:00Z", "--end", "2026-11-25T00:00:00Z",
                "--endpoint-url", "http://127.0.0.1:1", "--save-evidence", saved.path, "--format", "json",
            ],
            environment: Self.environment
        )
        #expect(live.status == 0, "\(live.stderr)")
        let analyze = try await CLIRunner.run(["analyze", "--evidence", saved.path, "--format", "json"])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let diagnose = try await CLIRunner.run(["diagnose", "--evidence", saved.path, "--format", "json"])
        #expect(analyze.stdout == diagnose.stdout)
        for (name, text) in [("live", live.stdout), ("replay", analyze.stdout)] {
            if let errors = try await JSONSchemaCheck.errors(text, schema: "diagnose-report.schema.json") {
                #expect(errors.isEmpty, "\(name) report against schema/diagnose-report.schema.json: \(errors)")
            }
        }
        let liveReport = try Self.json(live.stdout)
        let replay = try Self.json(analyze.stdout)
        let liveCauses = (liveReport["causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let replayCauses = (replay["causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(!liveCauses.isEmpty)
        #expect(replayCauses == liveCauses)
        #expect((replay["gathered"] as? [String] ?? []).contains("offline: evidence saved in \(saved.path)"))
        #expect(
            (replay["missing_evidence"] as? [Any])?.count == (liveReport["missing_evidence"] as? [Any])?.count
        )

        let both = try await CLIRunner.run(["analyze", "Samples", "--evidence", saved.path])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--evidence"), "\(both.stderr)")
        let none = try await CLIRunner.run(["analyze"])
        #expect(none.status == 64)
    }

    /// A missing, corrupt or newer evidence directory is a clear error (exit 2), not a crash or an empty report.
    @Test func badEvidenceDirectoriesAreClearErrors() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try await CLIRunner.run(["analyze", "--evidence", directory.appendingPathComponent("none").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("write it with diagnose --save-evidence"), "\(missing.stderr)")
        let file = directory.appendingPathComponent("evidence.json")
        try Data("{\"version\": 1, \"load_balancer\": ".utf8).write(to: file)
        let corrupt = try await CLIRunner.run(["analyze", "--evidence", directory.path])
        #expect(corrupt.status == 2)
        #expect(corrupt.stderr.contains("is not an evidence file"), "\(corrupt.stderr)")
        try Data("{\"version\": 7}".utf8).write(to: file)
        let newer = try await CLIRunner.run(["analyze", "--evidence", directory.path])
        #expect(newer.status == 2)
        #expect(newer.stderr.contains("has version 7; this alb-doctor reads version 1"), "\(newer.stderr)")
    }
}
