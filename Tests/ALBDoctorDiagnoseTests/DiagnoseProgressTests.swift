import ALBDoctor
import Foundation
import TestSupport
import Testing

/// `diagnose` reading the load balancer's S3 logs object by object: the progress shows each step, then a bar
/// over the listed objects that ends at their count, and the merged counts equal the lines uploaded.
@Suite struct DiagnoseProgressTests {
    @Test(.enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
    func progressWhileS3LogsStream() async throws {
        let trail = try await LoopbackJSONServer.start { _ in .json("{\"Events\": []}", headers: []) }
        defer { Task { await trail.stop() } }
        try await withMotoServer { endpoint in
            var fixture = DiagnoseFixture(endpoint: endpoint)
            try await fixture.makeLoadBalancer()
            let now = Int64(Date().timeIntervalSince1970)
            let base = (now / 300) * 300 - 3600
            var expected502 = 0
            // Nine 5-minute objects, 40 requests each, object k with k not-dispatched 502s.
            for k in 0..<9 {
                let start = base + Int64(k) * 300
                var lines: [String] = []
                for i in 0..<40 {
                    let t = (start + Int64(i) * 7) * 1_000_000
                    let target = DiagnoseFixture.targets[i % 3] + ":8080"
                    if i < k {
                        lines.append(
                            fixture.line(at: t, target: target, times: "-1 -1 -1", elb: 502, targetStatus: "-")
                        )
                        expected502 += 1
                    } else {
                        lines.append(fixture.line(at: t, target: target))
                    }
                }
                try await fixture.uploadLog(lines, end: start + 300)
            }
            let frames = CapturedText()
            var options = DiagnoseRun.Options(loadBalancer: "web")
            options.since = "2h"
            options.s3Concurrency = 2
            options.progress = ProgressPrinter(minimumInterval: 0) { frames.append($0) }
            options.awsEnvironment = DiagnoseFixture.environment(
                endpoint: endpoint,
                overrides: ["AWS_ENDPOINT_URL_CLOUDTRAIL": trail.endpoint]
            )
            let report = try await DiagnoseRun(options: options).run()
            #expect(report.accessLogs?.requests == 9 * 40)
            #expect(report.accessLogs?.elb502 == expected502)
            let all = frames.frames
            let steps = ["configuration: web…", "metrics: CloudWatch GetMetricData…", "access logs: listing…"]
            let positions = steps.map { step in all.firstIndex(of: step) ?? -1 }
            #expect(positions.allSatisfy { $0 >= 0 } && positions == positions.sorted(), "\(all)")
            let bars = all.filter { $0.hasPrefix("s3 [") }
            #expect(bars.first?.contains("0/9 objects") == true, "\(bars)")
            #expect(bars.last?.hasPrefix("s3 [####################] 9/9 objects") == true, "\(bars)")
        }
    }
}
