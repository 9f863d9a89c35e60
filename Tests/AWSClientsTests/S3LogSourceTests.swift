import ALBAccessLog
import AWSClients
import Foundation
import TestSupport
import Testing

extension MotoBackedTests {
    @Suite struct S3LogSourceTests {
        static let bucket = "alb-logs-123456789012"
        static let prefix = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2022/04/15/"

        static func line(minute: Int, second: Int, status: Int) -> String {
            let time = String(format: "2022-04-15T00:%02d:%02d.000000Z", minute, second)
            let target = status == 502 ? "-" : "10.0.1.10:8080"
            let targetStatus = status == 502 ? "-" : "\(status)"
            return
                #"http \#(time) app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 \#(target) 0.000 0.001 0.000 \#(status) \#(targetStatus) 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-ip/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 \#(time) "forward" "-" "-" "-" "-" "-" "-""#
        }

        static func name(end: String, suffix: String) -> String {
            prefix
                + "123456789012_elasticloadbalancing_us-east-1_app.my-lb.50dc6c495c0c9188_20220415T\(end)Z_10.0.0.1_\(suffix)"
        }

        @Test func streamsGzipAndPlainObjectsIntoTheLogEngine() async throws {
            let aws = try await MotoAWS.fresh()
            try await aws.rest(.s3, "PUT", "/", bucket: Self.bucket)
            // 0005: before the window (pruned by name; the engine allows one minute of slack); 0010: multi-member gzip, large enough for many chunks;
            // 0015: plain text; plus the test file ALB writes when logging is enabled.
            let early =
                (0..<50).map { Self.line(minute: 4, second: $0 % 60, status: 502) }.joined(separator: "\n") + "\n"
            var many: [String] = []
            for index in 0..<6000 {
                many.append(Self.line(minute: 7 + index % 3, second: index % 60, status: index % 10 == 0 ? 502 : 200))
            }
            let half = many.count / 2
            let multiMember =
                GzipStored.member(Array((many[..<half].joined(separator: "\n") + "\n").utf8))
                + GzipStored.member(Array((many[half...].joined(separator: "\n") + "\n").utf8))
            let plain =
                [
                    Self.line(minute: 12, second: 1, status: 502), "not an access log line",
                    Self.line(minute: 13, second: 2, status: 200),
                ]
                .joined(separator: "\n") + "\n"
            let uploads: [(String, [UInt8])] = [
                (Self.name(end: "0005", suffix: "aaaa.log.gz"), GzipStored.member(Array(early.utf8))),
                (Self.name(end: "0010", suffix: "bbbb.log.gz"), multiMember),
                (Self.name(end: "0015", suffix: "cccc.log"), Array(plain.utf8)),
                (
                    "AWSLogs/123456789012/ELBAccessLogTestFile",
                    Array("Enable AccessLog for ELB: my-lb at 2022-04-15T00:00:00.000Z".utf8)
                ),
            ]
            for (key, body) in uploads {
                try await aws.rest(.s3, "PUT", S3Client.keyPath(key), body: body, bucket: Self.bucket)
            }

            let source = try S3LogSource(
                url: "s3://\(Self.bucket)/AWSLogs/",
                client: S3Client(core: aws.core),
                concurrency: 2
            )
            let since = try #require(LogTimestamp("2022-04-15T00:07:00.000000Z"))
            let window = TimeWindow(since: since, until: nil)
            let listing = try await source.list(window: window)
            #expect(
                listing.objects.map(\.key) == [
                    Self.name(end: "0010", suffix: "bbbb.log.gz"), Self.name(end: "0015", suffix: "cccc.log"),
                ]
            )
            #expect(listing.prunedByWindow == 1)
            #expect(listing.ignored.map(\.key) == ["AWSLogs/123456789012/ELBAccessLogTestFile"])

            let result = try await source.scan(window: window) { AccessLogCounter(statusCodes: [502]) }
            #expect(result.consumer.count == 600 + 1)
            #expect(result.statistics.sourcesRead == 2)
            #expect(result.statistics.sourcesPrunedByWindow == 1)
            #expect(result.statistics.sourcesIgnored == 1)
            #expect(result.statistics.linesRead == 6000 + 3)
            #expect(result.statistics.linesSkipped == 1)
            #expect(result.statistics.errors.first?.source.hasPrefix("s3://\(Self.bucket)/") == true)

            let everything = try await source.scan { AccessLogCounter() }
            #expect(everything.consumer.count == 50 + 6000 + 2)
        }

        /// `scan(objects:)` keeps going past an object that fails, reports it, merges the rest in the order given
        /// and calls `objectDone` once per object.
        @Test func scanOfListedObjectsReportsFailuresAndKeepsTheRest() async throws {
            let aws = try await MotoAWS.fresh()
            try await aws.rest(.s3, "PUT", "/", bucket: Self.bucket)
            var objects: [S3Object] = []
            for index in 0..<9 {
                let key = Self.name(end: String(format: "%04d", 10 + index), suffix: "o\(index).log")
                let body = (0...index).map { Self.line(minute: index, second: $0, status: 502) }.joined(separator: "\n")
                try await aws.rest(
                    .s3,
                    "PUT",
                    S3Client.keyPath(key),
                    body: Array((body + "\n").utf8),
                    bucket: Self.bucket
                )
                objects.append(S3Object(key: key, size: Int64(body.utf8.count + 1), lastModified: nil, etag: nil))
            }
            // A listed object that is gone by the time it is read (deleted in between).
            objects.insert(S3Object(key: Self.prefix + "gone.log", size: 10, lastModified: nil, etag: nil), at: 4)
            let done = DoneCounter()
            let source = S3LogSource(client: S3Client(core: aws.core), bucket: Self.bucket, concurrency: 2)
            let outcome = await source.scan(
                objects: objects,
                makeConsumer: { AccessLogCounter(statusCodes: [502]) },
                objectDone: { done.add($0.key) }
            )
            #expect(outcome.failures.map(\.key) == [Self.prefix + "gone.log"])
            #expect(outcome.result.consumer.count == (1...9).reduce(0, +))
            #expect(outcome.result.statistics.sourcesRead == 9)
            #expect(outcome.result.statistics.sourcesFailed == 1)
            #expect(done.keys.sorted() == objects.map(\.key).sorted())
        }

        /// One listing sorts a folder holding all three types by type (each ignoring the other two, with the reason),
        /// and the health-check and connection objects stream through their own feeders.
        @Test func listsAndStreamsHealthCheckAndConnectionLogs() async throws {
            let aws = try await MotoAWS.fresh()
            try await aws.rest(.s3, "PUT", "/", bucket: Self.bucket)
            let lb = "app.my-lb.50dc6c495c0c9188"
            let checks =
                "health_check_log_123456789012_elasticloadbalancing_us-east-1_\(lb)_20220415T0010Z_10.0.0.1_hhhh.log"
            let early =
                "health_check_log_123456789012_elasticloadbalancing_us-east-1_\(lb)_20220415T0005Z_10.0.0.1_eeee.log"
            let connections =
                "conn_log_123456789012_elasticloadbalancing_us-east-1_\(lb)_20220415T0010Z_10.0.0.1_cccc.log.gz"
            let checkLines = [
                "http 2022-04-15T00:07:10.000000Z 0.001000000 10.0.1.10:8080 tg-ip PASS 200 -",
                "http 2022-04-15T00:07:40.000000Z 0.000400000 10.0.1.11:8080 tg-ip FAIL - ConnectionReset",
                "http 2022-04-15T00:08:10.000000Z 0.000400000 10.0.1.11:8080 tg-ip FAIL - ConnectionReset",
            ]
            let connectionLines = [
                #"2022-04-15T00:07:00.000000Z 198.51.100.20 51000 80 - - - "-" - - - TID_130e8fbb7b16ce20dd12ea549f200a91"#,
                #"2022-04-15T00:07:01.000000Z 198.51.100.21 51001 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 - "CN=c" NotBefore=2021-01-01T00:00:00Z;NotAfter=2022-01-01T00:00:00Z FEF2 Failed:ClientCertExpired TID_7a2127778c8ee11734a9a72aae04cb74"#,
            ]
            let uploads: [(String, [UInt8])] = [
                (
                    Self.name(end: "0010", suffix: "aaaa.log"),
                    Array((Self.line(minute: 7, second: 1, status: 502) + "\n").utf8)
                ),
                (Self.prefix + checks, Array((checkLines.joined(separator: "\n") + "\n").utf8)),
                (Self.prefix + early, Array((checkLines[0] + "\n").utf8)),
                (
                    Self.prefix + connections,
                    GzipStored.member(Array((connectionLines.joined(separator: "\n") + "\n").utf8))
                ),
            ]
            for (key, body) in uploads {
                try await aws.rest(.s3, "PUT", S3Client.keyPath(key), body: body, bucket: Self.bucket)
            }
            let source = try S3LogSource(url: "s3://\(Self.bucket)/AWSLogs/", client: S3Client(core: aws.core))
            let since = try #require(LogTimestamp("2022-04-15T00:07:00.000000Z"))
            let window = TimeWindow(since: since, until: nil)
            let listings = try await source.list(types: [.access, .healthCheck, .connection], window: window)
            #expect(listings[.access]?.objects.map(\.key) == [Self.name(end: "0010", suffix: "aaaa.log")])
            #expect(listings[.access]?.ignored.count == 3)
            #expect(listings[.healthCheck]?.objects.map(\.key) == [Self.prefix + checks])
            #expect(listings[.healthCheck]?.prunedByWindow == 1)
            #expect(listings[.connection]?.objects.map(\.key) == [Self.prefix + connections])
            #expect(listings[.connection]?.ignored.contains { $0.reason.contains("access log") } == true)

            var typed = source
            typed.logType = .healthCheck
            #expect(try await typed.list(window: window).objects.map(\.key) == [Self.prefix + checks])
            let failed = await typed.scanHealthCheckLogs(objects: listings[.healthCheck]?.objects ?? []) {
                HealthCheckLogCounter()
            }
            #expect(failed.failures.isEmpty)
            #expect(failed.result.consumer.count == 3)
            #expect(failed.result.statistics.linesParsed == 3)
            let rejected = await source.scanConnectionLogs(objects: listings[.connection]?.objects ?? []) {
                ConnectionLogCounter(failedOnly: true)
            }
            #expect(rejected.result.consumer.count == 1)
            #expect(rejected.result.statistics.linesRead == 2)
        }

        @Test func rejectsURLsThatAreNotS3() throws {
            let client = S3Client(core: MotoAWS.core(endpoint: "http://127.0.0.1:1"))
            #expect(throws: AWSClientError.self) { try S3LogSource(url: "https://bucket/prefix", client: client) }
            #expect(throws: AWSClientError.self) { try S3LogSource(url: "s3:///prefix", client: client) }
            let source = try S3LogSource(url: "s3://logs/AWSLogs/1/", client: client)
            #expect(source.bucket == "logs")
            #expect(source.prefix == "AWSLogs/1/")
        }
    }
}

/// Counts `objectDone` calls from concurrent tasks.
final class DoneCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []

    func add(_ key: String) {
        lock.lock()
        seen.append(key)
        lock.unlock()
    }

    var keys: [String] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }
}
