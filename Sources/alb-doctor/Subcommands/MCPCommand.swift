import ALBDoctor
import ALBMCP
import ArgumentParser
import Foundation

extension ALBDoctorCommand {
    /// `alb-doctor mcp`: serves the ALB Doctor tools to MCP clients (agents), on standard input/output or HTTP.
    struct MCPCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve the ALB Doctor tools over the Model Context Protocol (stdio by default, or --http).",
            discussion: """
                Tools: analyze_logs, diagnose_load_balancer, records_query, analyze_capture, probe_target, \
                explain_cause, iam_policy (see Docs/MCP.md). Read-only by default: probe_target needs \
                --allow-probes and Athena needs --allow-athena. Tools read files only inside the client's MCP roots \
                and the --allow-dir directories (with neither, the current directory).
                """
        )

        @Option(
            name: .customLong("http"),
            help: ArgumentHelp(
                "Serve the streamable HTTP transport on HOST:PORT at /mcp (e.g. 127.0.0.1:8765; port 0 picks a free port) instead of standard input/output.",
                valueName: "host:port"
            )
        )
        var http: String?

        @Option(
            name: .customLong("allow-dir"),
            help: ArgumentHelp("A directory the tools may read (repeatable).", valueName: "dir")
        )
        var allowDirs: [String] = []

        @Flag(name: .customLong("allow-probes"), help: "Enable probe_target (live connections and GETs to targets).")
        var allowProbes = false

        @Flag(
            name: .customLong("allow-athena"),
            help: "Enable engine=athena in diagnose_load_balancer (Athena bills per byte scanned)."
        )
        var allowAthena = false

        /// `host:port` split; the port 0…65535.
        func address() throws -> (host: String, port: Int)? {
            guard let http else { return nil }
            guard let colon = http.lastIndex(of: ":"), let port = Int(http[http.index(after: colon)...]),
                (0...65535).contains(port)
            else {
                throw ValidationError("--http \(http): give HOST:PORT, e.g. 127.0.0.1:8765")
            }
            var host = String(http[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return (host.isEmpty ? "127.0.0.1" : host, port)
        }

        func validate() throws {
            _ = try address()
            for dir in allowDirs {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue
                else {
                    throw ValidationError("--allow-dir \(dir) is not a directory")
                }
            }
        }

        func run() async throws {
            let cwd = FileManager.default.currentDirectoryPath
            let configuration = MCPServerConfiguration(
                allowedDirectories: allowDirs.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 },
                allowProbes: allowProbes,
                allowAthena: allowAthena,
                workingDirectory: cwd
            )
            let server = ALBDoctorMCPServer(configuration: configuration)
            guard let address = try address() else {
                try await server.runStandardIO()
                return
            }
            let (host, port) = address
            if !["127.0.0.1", "::1", "localhost"].contains(host) {
                ReportOutput.writeError(
                    "alb-doctor mcp: warning: \(host) is not a loopback address; the endpoint has no authentication\n"
                )
            }
            try await MCPHTTPHost(server: server, host: host, port: port).run { bound in
                let shown = host.contains(":") ? "[\(host)]" : host
                ReportOutput.writeError("alb-doctor mcp: listening on http://\(shown):\(bound)/mcp\n")
            }
        }
    }
}
