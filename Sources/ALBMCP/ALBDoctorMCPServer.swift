import ALBDoctor
import Foundation
import MCP

/// `alb-doctor mcp`: a Model Context Protocol server whose tools are the ALB Doctor commands (see Docs/MCP.md).
///
/// Each client session gets its own `MCP.Server`; the tools run the same facade as the CLI and return its report
/// JSON. ``runStandardIO()`` serves one client over standard input and output; ``MCPHTTPHost`` serves the
/// streamable HTTP transport.
public struct ALBDoctorMCPServer: Sendable {
    /// The server's name in `initialize`.
    public static let name = "alb-doctor"
    /// The version reported in `initialize`.
    public static let version = "0.1.0"
    /// Guidance for the client's model (sent in `initialize`).
    public static let instructions = """
        ALB Doctor diagnoses AWS Application Load Balancer 5xx errors from access logs, CloudWatch, CloudTrail, \
        captures and probes, deterministically. Start with diagnose_load_balancer (a live load balancer) or \
        analyze_logs (access-log files or s3://); read the summary first, then the structured report. \
        explain_cause explains a cause id; records_query shows example records; analyze_capture reads a tcpdump \
        capture; probe_target (if enabled) tests a target directly. Confidence is 0-1; alternative_causes name a \
        competing cause for the same errors with its own confidence and what would settle it.
        """

    /// The server's flags.
    public var configuration: MCPServerConfiguration

    /// A server with these flags.
    public init(configuration: MCPServerConfiguration) {
        self.configuration = configuration
    }

    /// A new MCP server for one session, with every handler registered, started on `transport`.
    public func start(on transport: any Transport) async throws -> Server {
        let server = Server(
            name: ALBDoctorMCPServer.name,
            version: ALBDoctorMCPServer.version,
            title: "ALB Doctor",
            instructions: ALBDoctorMCPServer.instructions,
            capabilities: Server.Capabilities(tools: .init(listChanged: false))
        )
        let session = MCPSession()
        let runner = ToolRunner(configuration: configuration)
        let configuration = self.configuration
        let tools = ToolCatalog.tools(configuration: configuration)
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { [weak server] params in
            guard let server else { throw MCPError.internalError("the server has stopped") }
            let roots = await session.roots(server: server)
            let relay = params._meta?.progressToken.map { ProgressRelay(server: server, token: $0) }
            let context = ToolCallContext(
                paths: PathPolicy(configuration: configuration, clientRoots: roots),
                progress: relay
            )
            do {
                let result = try await runner.call(params, context: context)
                await relay?.finish()
                return result
            } catch {
                await relay?.finish()
                throw error
            }
        }
        try await server.start(transport: transport) { _, capabilities in
            await session.initialized(capabilities)
        }
        return server
    }

    /// Serves one client on standard input and output until the client closes its end and every request it sent
    /// has been answered.
    public func runStandardIO() async throws {
        let server = try await start(on: DrainingTransport(base: StdioTransport()))
        await server.waitUntilCompleted()
    }
}
