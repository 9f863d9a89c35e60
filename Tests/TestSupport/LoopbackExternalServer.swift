import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Real servers started as child processes for probe tests (nginx, `openssl s_server`): free port on
/// 127.0.0.1, files in a temporary directory, stopped (by process id) and cleaned up after the body.
public enum LoopbackExternalServer {
    /// The absolute path of `tool` on `PATH` (plus `/usr/sbin`, where Debian puts nginx), or `nil`.
    public static func path(of tool: String) -> String? {
        let directories =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/usr/local/sbin", "/sbin"]
        for directory in directories {
            let candidate = directory + "/" + tool
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether tests needing `tool` should run: it is installed, or `CI=true` (then a missing tool fails the test).
    public static func shouldRun(needing tool: String) -> Bool {
        path(of: tool) != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// A fresh temporary directory, removed by the caller.
    public static func makeTemporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a command to completion (for `openssl req`); throws with its output when it fails.
    public static func run(_ tool: String, _ arguments: [String]) throws {
        guard let executable = path(of: tool) else { throw LoopbackServerError.toolMissing(tool) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LoopbackServerError.didNotStart(
                tool: "\(tool) \(arguments.joined(separator: " "))",
                log: String(decoding: output, as: UTF8.self)
            )
        }
    }

    /// Starts `tool arguments` (with `{PORT}` replaced by a free port), waits until it listens on 127.0.0.1,
    /// runs `body` with the port, then terminates the process and waits for it.
    public static func with<T: Sendable>(
        tool: String,
        arguments: (Int) -> [String],
        logFile: URL,
        _ body: (Int) async throws -> T
    ) async throws -> T {
        guard let executable = path(of: tool) else { throw LoopbackServerError.toolMissing(tool) }
        let port = try LoopbackPorts.closedPort()
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments(port)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            // SIGKILL, by process id: children spawned from a Swift concurrency thread inherit its blocked
            // signal mask, so a SIGTERM (Process.terminate) may never be delivered.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        var listening = false
        for _ in 0..<100 {
            if !process.isRunning { break }
            if LoopbackPorts.isListening(port) {
                listening = true
                break
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        guard listening else {
            let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            let status = process.isRunning ? "still running" : "exited with status \(process.terminationStatus)"
            throw LoopbackServerError.didNotStart(
                tool: "\(tool) \(process.arguments?.joined(separator: " ") ?? "") (\(status))",
                log: text
            )
        }
        return try await body(port)
    }
}

/// nginx in the foreground with a generated configuration.
public enum LoopbackNginx {
    /// Runs nginx on 127.0.0.1 with `keepalive_timeout` set (seconds, may be fractional: written in ms),
    /// answering `200 ok` on every path; runs `body` with the port and stops nginx afterwards.
    public static func with<T: Sendable>(keepaliveTimeout: Double, _ body: (Int) async throws -> T) async throws -> T {
        let directory = try LoopbackExternalServer.makeTemporaryDirectory(prefix: "alb-doctor-nginx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = directory.path
        let milliseconds = Int((keepaliveTimeout * 1000).rounded())
        return try await LoopbackExternalServer.with(
            tool: "nginx",
            arguments: { port in
                let configuration = """
                    daemon off;
                    master_process off;
                    worker_processes 1;
                    pid \(root)/nginx.pid;
                    error_log \(root)/error.log info;
                    events { worker_connections 64; }
                    http {
                        access_log off;
                        client_body_temp_path \(root)/body;
                        proxy_temp_path \(root)/proxy;
                        fastcgi_temp_path \(root)/fastcgi;
                        uwsgi_temp_path \(root)/uwsgi;
                        scgi_temp_path \(root)/scgi;
                        keepalive_timeout \(milliseconds)ms;
                        server {
                            listen 127.0.0.1:\(port);
                            location / { default_type text/plain; return 200 "ok\\n"; }
                        }
                    }
                    """
                _ = FileManager.default.createFile(atPath: root + "/nginx.conf", contents: Data(configuration.utf8))
                return ["-p", root, "-c", root + "/nginx.conf", "-e", root + "/error.log"]
            },
            logFile: directory.appendingPathComponent("stdout.log"),
            body
        )
    }
}

/// `openssl s_server -www` with a self-signed certificate generated for the test.
public enum LoopbackOpenSSLServer {
    /// Generates a self-signed RSA 2048 certificate for `localhost` valid `days` days into `directory`;
    /// returns (certificate path, key path).
    public static func makeCertificate(in directory: URL, days: Int = 2) throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try LoopbackExternalServer.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                "-days", "\(days)", "-subj", "/CN=localhost",
            ]
        )
        return (certificate, key)
    }

    /// Runs `openssl s_server -www` with `extraArguments` (e.g. `["-tls1_3"]`, `["-tls1_2", "-cipher", "…"]`).
    public static func with<T: Sendable>(extraArguments: [String], _ body: (Int) async throws -> T) async throws -> T {
        let directory = try LoopbackExternalServer.makeTemporaryDirectory(prefix: "alb-doctor-openssl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try makeCertificate(in: directory)
        return try await LoopbackExternalServer.with(
            tool: "openssl",
            arguments: { port in
                [
                    "s_server", "-accept", "127.0.0.1:\(port)", "-cert", files.certificate, "-key", files.key, "-www",
                    "-quiet",
                ]
                    + extraArguments
            },
            logFile: directory.appendingPathComponent("s_server.log"),
            body
        )
    }
}
