/// What an `alb-doctor mcp` server may do: which directories its tools may read, and whether the tools that
/// act on the world (probes) or cost money (Athena) are enabled. Everything else is read-only by construction.
public struct MCPServerConfiguration: Sendable, Hashable {
    /// `--allow-dir`: directories the tools may read, in addition to the client's MCP roots. When empty and the
    /// client grants no roots, the server's working directory is the only one allowed.
    public var allowedDirectories: [String]
    /// `--allow-probes`: `probe_target` may send live requests to targets.
    public var allowProbes: Bool
    /// `--allow-athena`: `diagnose_load_balancer` may run Athena queries (billed per byte scanned).
    public var allowAthena: Bool
    /// The directory relative paths are resolved against (the server's working directory).
    public var workingDirectory: String

    /// Creates a configuration; read-only defaults.
    public init(
        allowedDirectories: [String] = [],
        allowProbes: Bool = false,
        allowAthena: Bool = false,
        workingDirectory: String
    ) {
        self.allowedDirectories = allowedDirectories
        self.allowProbes = allowProbes
        self.allowAthena = allowAthena
        self.workingDirectory = workingDirectory
    }
}
