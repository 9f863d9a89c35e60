import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// A `moto_server` (the AWS emulator) run by the tests on 127.0.0.1, on a port it picks itself.
///
/// Use `withMotoServer { endpoint in … }` for a server of your own, or `MotoServer.shared()` for the one
/// server of the test process (reset it with `reset()` at the start of each test; suites using it must be
/// `.serialized`). Every server is watched by a small `sh` loop that kills it if the test process dies,
/// so no emulator outlives the tests even after a crash; the shared one is also stopped at exit.
public final class MotoServer: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let endpoint: String
    /// The port.
    public let port: Int
    private let process: Process
    private let watchdog: Process

    /// Why the emulator cannot be used here.
    public struct Unavailable: Error, CustomStringConvertible {
        /// The reason.
        public var reason: String
        public var description: String { reason }
    }

    /// The absolute path of `moto_server` on `PATH`, or `nil`.
    public static var executablePath: String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in directories {
            let candidate = directory + "/moto_server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether moto-backed tests should run: `moto_server` is installed, or `CI=true` (where a missing
    /// emulator must fail the tests rather than skip them). Use as `.enabled(if: MotoServer.shouldRun)`.
    public static var shouldRun: Bool {
        executablePath != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Why tests are skipped locally.
    public static let skipReason =
        "moto_server is not installed (pip install 'moto[server]'); AWS emulator tests skipped (they fail under CI=true)"

    private init(endpoint: String, port: Int, process: Process, watchdog: Process) {
        self.endpoint = endpoint
        self.port = port
        self.process = process
        self.watchdog = watchdog
    }

    /// Starts a server and waits until `/moto-api/data.json` answers (at most `readyTimeout` seconds).
    /// `environment` adds variables for the server (e.g. `INITIAL_NO_AUTH_ACTION_COUNT` to make it verify
    /// signatures).
    public static func start(readyTimeout: Double = 90, environment: [String: String] = [:]) async throws -> MotoServer
    {
        guard let executable = executablePath else {
            let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
            throw Unavailable(
                reason: inCI ? "moto_server is not installed but CI=true: install moto[server]" : skipReason
            )
        }
        // moto picks its own port (`-p 0`) and says which in its log: no window in which another server of
        // this test process could take a port chosen for it (parallel tests each start one).
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil),
            let logHandle = try? FileHandle(forWritingTo: log)
        else { throw Unavailable(reason: "cannot create \(log.path) for moto_server's log") }
        defer {
            try? logHandle.close()
            try? FileManager.default.removeItem(at: log)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        let parent = getpid()
        let child = process.processIdentifier
        watchdog.arguments = [
            "-c",
            "while kill -0 \(parent) 2>/dev/null && kill -0 \(child) 2>/dev/null; do sleep 1; done; kill \(child) 2>/dev/null",
        ]
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try watchdog.run()
        // Until it answers, the server is known by its processes only; `stop()` kills and reaps both.
        let starting = MotoServer(endpoint: "", port: 0, process: process, watchdog: watchdog)
        let deadline = Date().addingTimeInterval(readyTimeout)
        while Date() < deadline {
            if !process.isRunning {
                starting.stop()
                throw Unavailable(
                    reason:
                        "moto_server exited with status \(process.terminationStatus) before it answered: \(Self.tail(of: log))"
                )
            }
            if let port = Self.listeningPort(in: log) {
                let server = MotoServer(
                    endpoint: "http://127.0.0.1:\(port)",
                    port: port,
                    process: process,
                    watchdog: watchdog
                )
                if (try? await server.request("GET", "/moto-api/data.json")) == 200 {
                    // The log file is removed on return; moto writes its request lines to it until it exits.
                    return server
                }
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        starting.stop()
        throw Unavailable(reason: "moto_server did not answer within \(readyTimeout) s: \(Self.tail(of: log))")
    }

    /// The port in werkzeug's " * Running on http://127.0.0.1:PORT" line, once it is in the log.
    static func listeningPort(in log: URL) -> Int? {
        guard let text = try? String(contentsOf: log, encoding: .utf8),
            let range = text.range(of: "Running on http://127.0.0.1:")
        else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// The last lines of the log, for errors.
    static func tail(of log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").suffix(3).joined(separator: " | ")
        return lines.isEmpty ? "(no output)" : lines
    }

    /// Sends a plain request to the server's own API; returns the status.
    @discardableResult
    public func request(_ method: String, _ path: String, body: String? = nil) async throws -> Int {
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = HTTPMethod(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 16 << 20)
        return Int(response.status.code)
    }

    /// `POST /moto-api/reset`: clears every emulated service.
    public func reset() async throws {
        let status = try await request("POST", "/moto-api/reset")
        guard status == 200 else { throw Unavailable(reason: "POST /moto-api/reset answered \(status)") }
    }

    /// Stops the server (SIGKILL, by its process id) and its watchdog, and reaps them.
    public func stop() {
        // The emulator keeps nothing worth saving and its dev server needs ~2 s to honour SIGTERM: kill it.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        if watchdog.isRunning { kill(watchdog.processIdentifier, SIGKILL) }
        watchdog.waitUntilExit()
    }

    private static let sharedServer = SharedMotoServer()

    /// The test process's shared server, started on first use and stopped at exit.
    public static func shared() async throws -> MotoServer {
        try await sharedServer.get()
    }
}

/// Starts `body` with a fresh emulator and always stops it, also when `body` throws.
public func withMotoServer<T>(
    environment: [String: String] = [:],
    _ body: (_ endpoint: String) async throws -> T
) async throws -> T {
    await MotoSlots.shared.acquire()
    let server: MotoServer
    do {
        server = try await MotoServer.start(environment: environment)
    } catch {
        await MotoSlots.shared.release()
        throw error
    }
    do {
        let result = try await body(server.endpoint)
        server.stop()
        await MotoSlots.shared.release()
        return result
    } catch {
        server.stop()
        await MotoSlots.shared.release()
        throw error
    }
}

/// At most as many emulators of `withMotoServer` at once as the machine has cores (`MOTO_PARALLEL` overrides):
/// each loads all of moto (seconds of CPU) and its first call to a service loads that service's models, so a
/// dozen parallel tests starting theirs together on 2 cores miss their deadlines. A test waits for a slot
/// before its server starts, so the wait counts against no timeout.
actor MotoSlots {
    static let shared = MotoSlots(
        capacity: Int(ProcessInfo.processInfo.environment["MOTO_PARALLEL"] ?? "")
            ?? max(2, ProcessInfo.processInfo.activeProcessorCount)
    )
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) { free = max(1, capacity) }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            free += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}

private actor SharedMotoServer {
    private var server: MotoServer?
    private var starting: Task<MotoServer, any Error>?

    func get() async throws -> MotoServer {
        if let server { return server }
        if let starting { return try await starting.value }
        let task = Task { try await MotoServer.start() }
        starting = task
        defer { starting = nil }
        let started = try await task.value
        server = started
        SharedMotoServerExit.register(started)
        return started
    }
}

private enum SharedMotoServerExit {
    nonisolated(unsafe) static var server: MotoServer?

    static func register(_ server: MotoServer) {
        self.server = server
        atexit {
            SharedMotoServerExit.server?.stop()
        }
    }
}
