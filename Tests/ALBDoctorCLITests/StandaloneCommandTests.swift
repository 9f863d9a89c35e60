import Foundation
import TestSupport
import Testing

/// What the release binary relies on when it runs on its own, far from a checkout (Scripts/package.sh,
/// Scripts/test-package.sh): `--version`, and `demo` generating its samples when no Samples/ is found.
@Suite struct StandaloneCommandTests {
    @Test func versionOfABuildFromSourceIsDev() async throws {
        for arguments in [["--version"], ["version"]] {
            let r = try await CLIRunner.run(arguments)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "0.0.0-dev\n", "\(arguments)")
        }
    }

    /// The binary is copied out of the checkout (the debug build finds the toolchain's libraries by absolute
    /// rpath) and run from an empty directory: `demo` generates the sample set under `TMPDIR`, gives the same
    /// report as on the bundled Samples/, and removes the generated logs.
    @Test func demoWithoutACheckoutGeneratesTheSamplesAndRemovesThem() async throws {
        let root = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let bin = root.appendingPathComponent("bin")
        let tmp = root.appendingPathComponent("tmp")
        let cwd = root.appendingPathComponent("cwd")
        for dir in [bin, tmp, cwd] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        let copy = bin.appendingPathComponent("alb-doctor")
        try FileManager.default.copyItem(at: try CLIRunner.executable("alb-doctor"), to: copy)

        let alone = try await CLIRunner.run(
            ["demo", "--format", "json"],
            executable: copy.path,
            environment: ["TMPDIR": tmp.path],
            cwd: cwd
        )
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(alone.stderr.contains("alb-doctor: Samples/ not found; generated the sample set in \(tmp.path)/"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty, "generated logs left behind")

        let bundled = try await CLIRunner.run(["demo", "--format", "json"])
        #expect(bundled.status == 0, "\(bundled.stderr)")
        let a = try Self.summary(alone.stdout)
        let b = try Self.summary(bundled.stdout)
        #expect(a.requests > 20_000)
        #expect(a.causes.count >= 11)
        #expect(a == b)
    }

    private struct Summary: Equatable {
        var requests: Int
        var elb502: Int
        var causes: [String]
    }

    private static func summary(_ json: String) throws -> Summary {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let causes = try #require(object["causes"] as? [[String: Any]])
        return Summary(
            requests: try #require(object["requests"] as? Int),
            elb502: try #require(object["elb_502"] as? Int),
            causes: causes.map { "\($0["id"] ?? "")=\($0["count"] ?? "")" }
        )
    }
}
