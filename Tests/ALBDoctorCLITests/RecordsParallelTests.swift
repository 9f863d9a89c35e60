import Foundation
import Testing

/// `records` prints access logs on every core (each unit into memory, written out in input order): the output,
/// the count, the skipped lines and their errors must be the bytes one core gives (`taskset -c 0` makes the
/// process see one processor, so it prints in order).
@Suite struct RecordsParallelTests {
    /// A plain log of several print segments (4 MiB each): the status fixtures repeated, with bad lines in it.
    static func bigLog() throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        var text = ""
        for round in 0..<6 {
            for set in ["504", "503", "mixed", "502", "scale-in"] {
                let path = CLIRunner.repoRoot.appendingPathComponent(
                    "Tests/ALBDoctorCLITests/Fixtures/status/\(set).log"
                )
                text += try String(contentsOf: path, encoding: .utf8)
            }
            text += "not an access-log line \(round)\n"
        }
        let url = dir.appendingPathComponent("big.log")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test(arguments: [
        ["--format", "jsonl"], ["--format", "tsv"], ["--status", "502", "--status", "504"], ["--count"],
    ])
    func everyCoreGivesTheBytesOfOne(_ options: [String]) async throws {
        guard AccessLogProcessors.available > 1 else {
            // One processor: both runs would take the ordered path; nothing to compare.
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI runs on at least two cores")
            return
        }
        let log = try Self.bigLog()
        defer { try? FileManager.default.removeItem(at: log.deletingLastPathComponent()) }
        #expect(try FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int ?? 0 > 3 * (4 << 20))
        let exe = try CLIRunner.executable("alb-doctor").path
        let parallel = try await CLIRunner.run(["records", log.path] + options)
        let one = try await CLIRunner.run(
            ["-c", "0", exe, "records", log.path] + options,
            executable: "/usr/bin/taskset"
        )
        #expect(parallel.status == 3, "six bad lines: exit 3 (\(parallel.stderr.prefix(300)))")
        #expect(one.status == parallel.status)
        #expect(one.stderr == parallel.stderr)
        #expect(parallel.stdout.count > (options == ["--count"] ? 2 : 1000))
        #expect(one.stdout == parallel.stdout)
    }
}

/// The processors this test process may use (its CPU affinity).
enum AccessLogProcessors {
    static var available: Int { ProcessInfo.processInfo.activeProcessorCount }
}
