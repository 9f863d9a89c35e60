import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP/1.1 server on 127.0.0.1 (free port) standing in for AWS APIs or credential endpoints the
/// emulator lacks. Each request is answered by `handler`; every request is recorded for assertions.
///
/// Tests say which API a server stands in for and why (e.g. CloudTrail `LookupEvents`: moto 5.2.1 answers
/// it with an HTTP 500 HTML page).
public final class LoopbackJSONServer: Sendable {
    /// A received request.
    public struct Request: Sendable {
        /// Method.
        public var method: String
        /// Request target (path and query).
        public var uri: String
        /// Headers.
        public var headers: [(name: String, value: String)]
        /// Body.
        public var body: [UInt8]

        /// The first header named `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body as text.
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// An answer.
    public struct Response: Sendable {
        /// Status code.
        public var status: Int
        /// Headers.
        public var headers: [(name: String, value: String)]
        /// Body.
        public var body: [UInt8]

        /// Creates a response.
        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// A JSON response.
        public static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = [])
            -> Response
        {
            Response(
                status: status,
                headers: [("Content-Type", "application/x-amz-json-1.1")] + headers,
                body: Array(text.utf8)
            )
        }

        /// Never answer (the connection stays open until the client gives up).
        public static let noAnswer = Response(status: 0)

        /// A plain-text response.
        public static func text(_ text: String, status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", "text/plain")], body: Array(text.utf8))
        }
    }

    /// `http://127.0.0.1:<port>`.
    public let endpoint: String
    /// The port.
    public let port: Int
    private let channel: any Channel
    private let log: RequestLog

    private init(channel: any Channel, port: Int, log: RequestLog) {
        self.channel = channel
        self.port = port
        self.endpoint = "http://127.0.0.1:\(port)"
        self.log = log
    }

    /// Requests received so far, in order.
    public var requests: [Request] { log.all }

    /// Starts a server answering with `handler` (called on an event loop; keep it quick).
    public static func start(_ handler: @escaping @Sendable (Request) -> Response) async throws -> LoopbackJSONServer {
        try await start(answer: .immediate(handler))
    }

    /// Starts a server answering with `handler`, which may wait (for example on ``forward(_:to:)``, to pass the
    /// calls a stand-in does not replace on to the emulator). Requests on one connection are answered in order.
    public static func start(
        async handler: @escaping @Sendable (Request) async -> Response
    ) async throws -> LoopbackJSONServer {
        try await start(answer: .deferred(handler))
    }

    /// Sends `request` on to `endpoint` (`http://127.0.0.1:<port>`, e.g. the emulator) as received — method, path,
    /// headers and body — and returns its answer; a failure to reach it is answered 502 with the error.
    public static func forward(_ request: Request, to endpoint: String) async -> Response {
        var outbound = HTTPClientRequest(url: endpoint + request.uri)
        outbound.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers where !["host", "content-length"].contains(name.lowercased()) {
            outbound.headers.add(name: name, value: value)
        }
        outbound.body = .bytes(request.body)
        do {
            let response = try await HTTPClient.shared.execute(outbound, timeout: .seconds(180))
            let body = try await response.body.collect(upTo: 64 << 20)
            return Response(
                status: Int(response.status.code),
                headers: response.headers.filter {
                    !["content-length", "transfer-encoding", "connection"].contains($0.name.lowercased())
                }.map { ($0.name, $0.value) },
                body: Array(buffer: body)
            )
        } catch {
            return .text("forwarding \(request.method) \(request.uri) to \(endpoint) failed: \(error)", status: 502)
        }
    }

    /// How a server answers.
    enum Answer: Sendable {
        /// On the event loop, at once.
        case immediate(@Sendable (Request) -> Response)
        /// From a task; the answer is written back on the event loop.
        case deferred(@Sendable (Request) async -> Response)
    }

    static func start(answer handler: Answer) async throws -> LoopbackJSONServer {
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(handler: handler, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw CancellationError()
        }
        return LoopbackJSONServer(channel: channel, port: port, log: log)
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }

    private final class RequestLog: @unchecked Sendable {
        private let lock = NSLock()
        private var requests: [Request] = []

        func append(_ request: Request) {
            lock.lock()
            requests.append(request)
            lock.unlock()
        }

        var all: [Request] {
            lock.lock()
            defer { lock.unlock() }
            return requests
        }
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let handler: Answer
        let log: RequestLog
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(handler: Answer, log: RequestLog) {
            self.handler = handler
            self.log = log
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { return }
                let request = Request(
                    method: head.method.rawValue,
                    uri: head.uri,
                    headers: head.headers.map { ($0.name, $0.value) },
                    body: body
                )
                log.append(request)
                self.head = nil
                switch handler {
                case .immediate(let answer):
                    write(answer(request), version: head.version, context: context)
                case .deferred(let answer):
                    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    let loop = context.eventLoop
                    let version = head.version
                    Task {
                        let response = await answer(request)
                        loop.execute {
                            let (handler, context) = bound.value
                            handler.write(response, version: version, context: context)
                        }
                    }
                }
            }
        }

        func write(_ response: Response, version: HTTPVersion, context: ChannelHandlerContext) {
            guard response.status != 0 else { return }
            var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
            headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            let responseHead = HTTPResponseHead(
                version: version,
                status: HTTPResponseStatus(statusCode: response.status),
                headers: headers
            )
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

/// Starts a loopback server, runs `body` with it, and always stops it.
public func withLoopbackJSONServer<T>(
    _ handler: @escaping @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response,
    _ body: (LoopbackJSONServer) async throws -> T
) async throws -> T {
    let server = try await LoopbackJSONServer.start(handler)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
