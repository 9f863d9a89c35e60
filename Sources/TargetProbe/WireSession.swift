import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One TCP (optionally TLS) connection to a target, read as a sequence of timed ``WireEvent``s.
///
/// Used from a single task: `connect`, then `next(before:)` until the wanted event, a close, or the deadline.
final class WireSession {
    /// How the TCP connect ended.
    enum ConnectFailure: Error, Sendable {
        case refused(errno: Int32)
        case unreachable(errno: Int32, message: String)
        case timedOut
        case other(errno: Int32?, message: String)
    }

    let channel: any Channel
    let connectedAt: NIODeadline
    private var iterator: AsyncStream<WireEvent>.AsyncIterator
    private let continuation: AsyncStream<WireEvent>.Continuation
    private var timerID = 0
    private(set) var isClosed = false

    private init(
        channel: any Channel,
        connectedAt: NIODeadline,
        stream: AsyncStream<WireEvent>,
        continuation: AsyncStream<WireEvent>.Continuation
    ) {
        self.channel = channel
        self.connectedAt = connectedAt
        self.iterator = stream.makeAsyncIterator()
        self.continuation = continuation
    }

    /// Connects to `address` like the load balancer: plain TCP, then TLS if `tls` is given.
    static func connect(
        to address: SocketAddress,
        timeout: TimeAmount,
        tls: NIOSSLContext?,
        serverName: String?,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async -> Result<WireSession, ConnectFailure> {
        let (stream, continuation) = AsyncStream<WireEvent>.makeStream()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(TLSRecordSniffer(continuation: continuation))
                        try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try sync.addHandler(WireEventHandler(continuation: continuation))
                }
            }
        do {
            let channel = try await bootstrap.connect(to: address).get()
            return .success(
                WireSession(channel: channel, connectedAt: .now(), stream: stream, continuation: continuation)
            )
        } catch {
            continuation.finish()
            return .failure(classify(error))
        }
    }

    static func classify(_ error: any Error) -> ConnectFailure {
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case ECONNREFUSED: return .refused(errno: ECONNREFUSED)
            case EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, ENETDOWN:
                return .unreachable(errno: ioError.errnoCode, message: ioError.description)
            case ETIMEDOUT: return .timedOut
            default: return .other(errno: ioError.errnoCode, message: ioError.description)
            }
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError { return .timedOut }
        if let connectionError = error as? NIOConnectionError {
            if let first = connectionError.connectionErrors.first { return classify(first.error) }
            return .other(errno: nil, message: "\(connectionError)")
        }
        return .other(errno: nil, message: "\(error)")
    }

    /// The next event before `deadline`; `nil` when the deadline passes or the connection has ended.
    func next(before deadline: NIODeadline) async -> WireEvent? {
        guard !isClosed else { return nil }
        timerID += 1
        let id = timerID
        let continuation = self.continuation
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) { continuation.yield(.timer(id)) }
        defer { timer.cancel() }
        while let event = await iterator.next() {
            switch event {
            case .timer(let fired):
                if fired == id { return nil }
            case .closed:
                isClosed = true
                return event
            default:
                return event
            }
        }
        isClosed = true
        return nil
    }

    /// Writes raw bytes.
    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    /// Closes the connection (sends `close_notify` first for TLS) and waits briefly for it to finish.
    func close() async {
        try? await channel.close().get()
    }
}
