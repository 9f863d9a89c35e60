import NIOCore
import NIOSSL
import NIOTLS

/// The last handler of a probe connection: turns reads, TLS events, errors and the close into ``WireEvent``s.
///
/// It lives on the event loop; the async orchestration reads the events from an `AsyncStream`.
final class WireEventHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<WireEvent>.Continuation
    private var finished = false

    init(continuation: AsyncStream<WireEvent>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        continuation.yield(.data(Array(buffer.readableBytesView), at: .now()))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            continuation.yield(.tlsHandshakeCompleted(at: .now()))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.yield(.failure(WireFailure(error), at: .now()))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        continuation.yield(.closed(at: .now()))
        continuation.finish()
    }
}
