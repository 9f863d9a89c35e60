import Foundation
import TestSupport
import Testing

/// Runs the built executables (`alb-doctor`, `alb-fixtures`) with `Process` and captures everything.
enum CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The products directory: next to the test bundle, else `.build/debug`; an absolute path as is.
    static func executable(_ name: String) throws -> URL {
        if name.hasPrefix("/") { return URL(fileURLWithPath: name) }
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: first).deletingLastPathComponent()
            for _ in 0..<3 {
                candidates.append(dir.appendingPathComponent(name))
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(name))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name))
        candidates.append(repoRoot.appendingPathComponent(".build/debug/\(name)"))
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
        throw CLIError(message: "\(name) not built; looked in \(candidates.map(\.path))")
    }

    struct CLIError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs `name` and waits for it without holding a thread of the Swift concurrency pool (`ProcessExit`); the
    /// pipes are drained on dispatch threads so a large output cannot block the child.
    static func run(
        _ arguments: [String],
        executable name: String = "alb-doctor",
        environment: [String: String]? = nil,
        cwd: URL? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = try executable(name)
        process.arguments = arguments
        process.currentDirectoryURL = cwd ?? repoRoot
        if let environment {
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            process.environment = env
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        async let outData = ProcessExit.drain(out)
        async let errData = ProcessExit.drain(err)
        do {
            try await ProcessExit.run(process)
        } catch {
            // Not started: close the write ends so the readers see end of file.
            try? out.fileHandleForWriting.close()
            try? err.fileHandleForWriting.close()
            _ = await (outData, errData)
            throw error
        }
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: await outData, as: UTF8.self),
            stderr: String(decoding: await errData, as: UTF8.self)
        )
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alb-doctor-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
