import Foundation

/// Locates the team's shared test data (`shared/testdata/…`), which is not copied into the repository.
///
/// Looked up, in order: `$ALB_DOCTOR_SHARED`, then `shared/` beside the repository checkout (the repository
/// root is three levels above this file; locally `/work/shared` beside `/work/<worktree>`, in CI a copy
/// beside the clone).
enum SharedTestData {
    struct NotFound: Error, CustomStringConvertible {
        var tried: [String]
        var description: String {
            "shared test data not found; tried: \(tried.joined(separator: ", ")). "
                + "Put a copy of the team's shared/ directory beside the repository checkout or set ALB_DOCTOR_SHARED."
        }
    }

    static func candidates(filePath: String = #filePath) -> [URL] {
        var result: [URL] = []
        if let env = ProcessInfo.processInfo.environment["ALB_DOCTOR_SHARED"], !env.isEmpty {
            result.append(URL(fileURLWithPath: env))
        }
        let repoRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // AWSSigV4Tests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repo root
        result.append(repoRoot.deletingLastPathComponent().appendingPathComponent("shared"))
        return result
    }

    /// The `shared/` directory, or throws `NotFound` naming every place looked at.
    static func root() throws -> URL {
        let tried = candidates()
        for url in tried where FileManager.default.fileExists(atPath: url.appendingPathComponent("testdata").path) {
            return url
        }
        throw NotFound(tried: tried.map(\.path))
    }

    /// `shared/testdata/sigv4/<suite>`.
    static func sigv4Suite(_ suite: String) throws -> URL {
        try root().appendingPathComponent("testdata/sigv4").appendingPathComponent(suite)
    }

    /// Case directory names of a suite (those holding a `context.json`), sorted; empty when not found.
    static func caseNames(_ suite: String) -> [String] {
        guard let dir = try? sigv4Suite(suite),
            let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return names.filter {
            FileManager.default.fileExists(
                atPath: dir.appendingPathComponent($0).appendingPathComponent("context.json").path
            )
        }.sorted()
    }
}
