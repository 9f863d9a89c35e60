import Foundation

/// Runs a child process and waits for it without holding a thread of the Swift concurrency pool.
///
/// `Process.waitUntilExit()` blocks its thread; on a 2-core machine the cooperative pool has two threads,
/// so a test that blocks one for the length of a script starves every other test's continuations (their
/// timing assertions then fail). This waits through the process's termination handler instead.
public enum ProcessExit {
    /// Starts `process` and returns once it has exited.
    public static func run(_ process: Process) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    /// Everything `pipe` delivers until end of file, read on a dispatch thread (not a concurrency-pool one).
    public static func drain(_ pipe: Pipe) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: pipe.fileHandleForReading.readDataToEndOfFile())
            }
        }
    }
}
