import Foundation
import MCP
import NIOCore
import NIOHTTP1
import NIOPosix

/// The streamable HTTP transport of `alb-doctor mcp --http HOST:PORT`: one endpoint (`POST`/`GET`/`DELETE /mcp`)
/// on SwiftNIO, each client session served by the SDK's `StatefulHTTPServerTransport` (which also checks the
/// `Origin`, `Accept` and protocol-version headers). Binds to loopback unless told otherwise.
public struct MCPHTTPHost: Sendable {
    /// Address to bind (default 127.0.0.1).
    public var host: String
    /// Port to bind (0: any free port; the bound one is passed to `onBound`).
    public var port: Int
    /// The endpoint path.
    public var endpoint: String
    /// The server each session runs.
    public var server: ALBDoctorMCPServer
    /// Largest request body accepted (bytes).
    public var maximumBodySize = 4 << 20

    /// A host for `server` on `host:port`.
    public init(server: ALBDoctorMCPServer, host: String = "127.0.0.1", port: Int, endpoint: String = "/mcp") {
        self.server = server
        self.host = host
        self.port = port
        self.endpoint = endpoint
    }

    /// Binds, calls `onBound` with the port, and serves until the task is cancelled.
    public func run(onBound: @Sendable (Int) -> Void) async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: child
                    )
                }
            }
        onBound(channel.channel.localAddress?.port ?? port)
        let sessions = MCPHTTPSessions(server: server)
        let endpoint = self.endpoint
        let maximumBodySize = self.maximumBodySize
        try await withThrowingDiscardingTaskGroup { group in
            try await channel.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask {
                        try? await MCPHTTPHost.serve(
                            connection,
                            sessions: sessions,
                            endpoint: endpoint,
                            maximumBodySize: maximumBodySize
                        )
                    }
                }
            }
        }
    }

    /// Serves the requests of one connection, one after another.
    static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        sessions: MCPHTTPSessions,
        endpoint: String,
        maximumBodySize: Int
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            var tooLarge = false
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body.clear()
                    tooLarge = false
                case .body(var chunk):
                    if body.readableBytes + chunk.readableBytes > maximumBodySize {
                        tooLarge = true
                    } else {
                        body.writeBuffer(&chunk)
                    }
                case .end:
                    guard let request = head else { continue }
                    head = nil
                    let path = String(request.uri.split(separator: "?", maxSplits: 1).first ?? "")
                    let response: HTTPResponse
                    if path != endpoint {
                        response = .error(
                            statusCode: 404,
                            .invalidRequest("Not Found: the MCP endpoint is \(endpoint)")
                        )
                    } else if tooLarge {
                        response = .error(
                            statusCode: 413,
                            .invalidRequest("Request body over \(maximumBodySize) bytes")
                        )
                    } else {
                        var headers: [String: String] = [:]
                        for (name, value) in request.headers {
                            headers[name] = headers[name].map { $0 + ", " + value } ?? value
                        }
                        let data = body.readableBytes > 0 ? Data(body.readableBytesView) : nil
                        response = await sessions.handle(
                            MCP.HTTPRequest(method: request.method.rawValue, headers: headers, body: data, path: path)
                        )
                    }
                    try await write(response, version: request.version, to: outbound)
                    if !request.isKeepAlive { return }
                }
            }
        }
    }

    static func write(
        _ response: HTTPResponse,
        version: HTTPVersion,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.statusCode))
        for (name, value) in response.headers { head.headers.add(name: name, value: value) }
        switch response {
        case .stream(let stream, _):
            try await outbound.write(.head(head))
            do {
                for try await chunk in stream {
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
                }
            } catch {
                // The stream ended with an error: end the response.
            }
            try await outbound.write(.end(nil))
        default:
            let body = response.bodyData ?? Data()
            head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
            try await outbound.write(.head(head))
            if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
        }
    }
}

/// The sessions of one HTTP host: a new `initialize` creates one (its own MCP server and transport); later
/// requests name it in `Mcp-Session-Id`; `DELETE` ends it.
actor MCPHTTPSessions {
    private struct Session {
        var server: Server
        var transport: StatefulHTTPServerTransport
    }

    private struct FixedSessionID: SessionIDGenerator {
        let id: String
        func generateSessionID() -> String { id }
    }

    private let server: ALBDoctorMCPServer
    private var sessions: [String: Session] = [:]

    init(server: ALBDoctorMCPServer) {
        self.server = server
    }

    func handle(_ request: MCP.HTTPRequest) async -> HTTPResponse {
        let sessionID = request.header(HTTPHeaderName.sessionID)
        if let sessionID, let session = sessions[sessionID] {
            let response = await session.transport.handleRequest(request)
            if request.method.uppercased() == "DELETE" && response.statusCode == 200 {
                sessions.removeValue(forKey: sessionID)
                await session.server.stop()
            }
            return response
        }
        if request.method.uppercased() == "POST", let body = request.body, MCPHTTPSessions.isInitialize(body) {
            let id = UUID().uuidString
            let transport = StatefulHTTPServerTransport(sessionIDGenerator: FixedSessionID(id: id))
            do {
                let started = try await server.start(on: transport)
                sessions[id] = Session(server: started, transport: transport)
                let response = await transport.handleRequest(request)
                if case .error = response {
                    sessions.removeValue(forKey: id)
                    await started.stop()
                }
                return response
            } catch {
                await transport.disconnect()
                return .error(statusCode: 500, .internalError("Failed to create session: \(error)"))
            }
        }
        if sessionID != nil {
            return .error(statusCode: 404, .invalidRequest("Not Found: Session not found or expired"))
        }
        return .error(statusCode: 400, .invalidRequest("Bad Request: Missing \(HTTPHeaderName.sessionID) header"))
    }

    /// Whether `body` is a JSON-RPC `initialize` request.
    static func isInitialize(_ body: Data) -> Bool {
        struct Probe: Decodable {
            var method: String?
            var id: Value?
        }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: body) else { return false }
        return probe.method == "initialize" && probe.id != nil
    }
}
