import Foundation
import MCP

/// What the server knows about one connected client: whether it offers MCP roots.
actor MCPSession {
    private var capabilities: Client.Capabilities?

    /// Records the client's capabilities (from `initialize`).
    func initialized(_ capabilities: Client.Capabilities) {
        self.capabilities = capabilities
    }

    /// The directories the client grants (`file://` roots), asked at each call since roots may change; empty
    /// when the client offers no roots or does not answer.
    func roots(server: Server) async -> [String] {
        guard capabilities?.roots != nil else { return [] }
        guard let roots = try? await server.listRoots() else { return [] }
        return roots.compactMap { root in
            guard root.uri.hasPrefix("file://") else { return nil }
            let path = String(root.uri.dropFirst("file://".count))
            return path.removingPercentEncoding ?? path
        }
    }
}
