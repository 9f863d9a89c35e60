import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small scripted HTTP/1.1 server on 127.0.0.1 for probe tests: it reads each request head and then does
/// exactly what its ``Behavior`` says (answer with given bytes, close, reset, keep the connection for a while).
public enum LoopbackHTTPServer {
    /// What the server does after the connection has been idle, or after its response.
    public enum After: Sendable, Hashable {
        /// Keep the connection open (until the client closes it).
        case keepOpen
        /// Close (TCP FIN) right after the response.
        case close
        /// Reset (TCP RST) right after the response.
        case reset
        /// Close (FIN) once the connection has been idle this many seconds.
        case closeAfterIdle(seconds: Double)
        /// Reset (RST) once the connection has been idle this many seconds.
        case resetAfterIdle(seconds: Double)
    }

    /// What the server does once it has read a request head.
    public enum Behavior: Sendable, Hashable {
        /// Writes `bytes` verbatim, then does `after`.
        case respond(bytes: [UInt8], after: After)
        /// Resets (TCP RST) without answering.
        case resetAfterRequest
        /// Closes (TCP FIN) without answering.
        case closeAfterRequest
        /// Sends `bytes` (the start of a response), then closes (FIN) mid-response.
        case closeMidResponse(bytes: [UInt8])
        /// Reads the request and never answers.
        case neverRespond

        /// A valid `200 OK` with `Content-Length`, connection kept open.
        public static let healthy = Behavior.respond(bytes: okResponse(), after: .keepOpen)

        /// A valid `200 OK`, then the connection is closed after `seconds` of idleness (FIN, or RST with `reset`).
        public static func keepAlive(timeout seconds: Double, reset: Bool = false) -> Behavior {
            .respond(
                bytes: okResponse(),
                after: reset ? .resetAfterIdle(seconds: seconds) : .closeAfterIdle(seconds: seconds)
            )
        }

        /// Raw (possibly malformed) response bytes, connection kept open.
        public static func raw(_ text: String, after: After = .keepOpen) -> Behavior {
            .respond(bytes: Array(text.utf8), after: after)
        }
    }

    /// `HTTP/1.1 200 OK` with a small body and correct `Content-Length`.
    public static func okResponse(extraHeaders: [String] = []) -> [UInt8] {
        let body = "ok\n"
        let head = ["HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: \(body.utf8.count)"] + extraHeaders
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// Starts the server on 127.0.0.1 (OS-chosen port), runs `body` with the port, and always stops the server.
    public static func with<T: Sendable>(
        _ behavior: Behavior,
        _ body: (Int) async throws -> T
    ) async throws -> T {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptedHTTPHandler(behavior: behavior))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = server.localAddress?.port else {
            try? await server.close().get()
            throw LoopbackServerError.noPort
        }
        do {
            let result = try await body(port)
            try? await server.close().get()
            return result
        } catch {
            try? await server.close().get()
            throw error
        }
    }
}

/// Errors of the loopback helpers.
public enum LoopbackServerError: Error, CustomStringConvertible {
    case noPort
    case socket(String)
    case toolMissing(String)
    case didNotStart(tool: String, log: String)

    public var description: String {
        switch self {
        case .noPort: "the loopback server has no local port"
        case .socket(let what): "socket call failed: \(what)"
        case .toolMissing(let tool): "\(tool) is not installed (Scripts/install-test-tools.sh installs it)"
        case .didNotStart(let tool, let log): "\(tool) did not start listening; its log:\n\(log)"
        }
    }
}

/// The per-connection script.
final class ScriptedHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let behavior: LoopbackHTTPServer.Behavior
    private var received: [UInt8] = []
    private var idleTimer: Scheduled<Void>?

    init(behavior: LoopbackHTTPServer.Behavior) {
        self.behavior = behavior
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        idleTimer?.cancel()
        idleTimer = nil
        while let end = headEnd() {
            received.removeFirst(end)
            handleRequest(context: context)
        }
    }

    private func headEnd() -> Int? {
        guard received.count >= 4 else { return nil }
        for index in 3..<received.count
        where received[index] == 10 && received[index - 1] == 13 && received[index - 2] == 10
            && received[index - 3] == 13
        {
            return index + 1
        }
        return nil
    }

    private func handleRequest(context: ChannelHandlerContext) {
        switch behavior {
        case .respond(let bytes, let after):
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
            apply(after, context: context)
        case .resetAfterRequest:
            reset(context: context)
        case .closeAfterRequest:
            context.close(promise: nil)
        case .closeMidResponse(let bytes):
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes))).whenComplete { _ in
                channel.close(promise: nil)
            }
        case .neverRespond:
            break
        }
    }

    private func apply(_ after: LoopbackHTTPServer.After, context: ChannelHandlerContext) {
        let channel = context.channel
        switch after {
        case .keepOpen:
            break
        case .close:
            channel.close(promise: nil)
        case .reset:
            reset(context: context)
        case .closeAfterIdle(let seconds):
            idleTimer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                channel.close(promise: nil)
            }
        case .resetAfterIdle(let seconds):
            idleTimer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                Self.reset(channel: channel)
            }
        }
    }

    private func reset(context: ChannelHandlerContext) {
        Self.reset(channel: context.channel)
    }

    /// SO_LINGER {on, 0} then close: the kernel sends a RST instead of a FIN.
    static func reset(channel: any Channel) {
        if let provider = channel as? any SocketOptionProvider {
            provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
                channel.close(promise: nil)
            }
        } else {
            channel.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
