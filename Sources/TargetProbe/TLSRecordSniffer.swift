import NIOCore

/// Sits below NIOSSL and reads the target's plaintext TLS records as they pass: the ServerHello (negotiated
/// version and cipher suite, which NIOSSL does not expose) and any plaintext alert (why a handshake failed).
///
/// It forwards every byte unchanged and stops looking after 32 KB or once it has seen the ServerHello.
final class TLSRecordSniffer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let continuation: AsyncStream<WireEvent>.Continuation
    private var pending: [UInt8] = []
    private var handshakeBytes: [UInt8] = []
    private var done = false
    private var seen = 0

    init(continuation: AsyncStream<WireEvent>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !done {
            let buffer = unwrapInboundIn(data)
            pending.append(contentsOf: buffer.readableBytesView)
            seen += buffer.readableBytes
            parseRecords()
            if seen > 32 * 1024 { done = true }
            if done {
                pending = []
                handshakeBytes = []
            }
        }
        context.fireChannelRead(data)
    }

    private func parseRecords() {
        while !done, pending.count >= 5 {
            let type = pending[0]
            let length = Int(pending[3]) << 8 | Int(pending[4])
            guard pending.count >= 5 + length else { return }
            let body = Array(pending[5..<(5 + length)])
            pending.removeFirst(5 + length)
            switch type {
            case 21 where body.count == 2:
                continuation.yield(.serverAlert(level: body[0], description: body[1]))
            case 22:
                handshakeBytes.append(contentsOf: body)
                parseServerHello()
            case 20, 23:
                done = true
            default:
                done = true
            }
        }
    }

    private func parseServerHello() {
        guard handshakeBytes.count >= 4 else { return }
        guard handshakeBytes[0] == 2 else {
            done = true
            return
        }
        let length = Int(handshakeBytes[1]) << 16 | Int(handshakeBytes[2]) << 8 | Int(handshakeBytes[3])
        guard handshakeBytes.count >= 4 + length else { return }
        let hello = Array(handshakeBytes[4..<(4 + length)])
        done = true
        // legacy_version(2) random(32) session_id(1+n) cipher_suite(2) compression(1) extensions(2+…)
        guard hello.count >= 35 else { return }
        var version = UInt16(hello[0]) << 8 | UInt16(hello[1])
        let sessionIDLength = Int(hello[34])
        var index = 35 + sessionIDLength
        guard hello.count >= index + 3 else { return }
        let suite = UInt16(hello[index]) << 8 | UInt16(hello[index + 1])
        index += 3
        if hello.count >= index + 2 {
            let extensionsEnd = min(hello.count, index + 2 + (Int(hello[index]) << 8 | Int(hello[index + 1])))
            index += 2
            while index + 4 <= extensionsEnd {
                let type = UInt16(hello[index]) << 8 | UInt16(hello[index + 1])
                let extensionLength = Int(hello[index + 2]) << 8 | Int(hello[index + 3])
                index += 4
                if type == 43, extensionLength == 2, index + 2 <= extensionsEnd {
                    version = UInt16(hello[index]) << 8 | UInt16(hello[index + 1])
                }
                index += extensionLength
            }
        }
        continuation.yield(.serverHello(version: version, cipherSuite: suite))
    }
}
