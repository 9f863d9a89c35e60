import ALBWire

/// Mutable state of one tracked TCP connection (bounded: buffers only while a header section or a
/// TLS hello is being assembled, capped in size).
final class Connection {
    enum RequestState {
        case start
        case head
        case body(remaining: Int)
        case chunked(ChunkedBodyDecoder)
        case resync
        case opaque
    }

    enum ResponseState {
        case start
        case head
        case body(remaining: Int)
        case chunked(ChunkedBodyDecoder)
        case untilClose
        case resync
        case opaque
    }

    struct PendingRequest {
        /// The request line's bytes (≤ 200), escaped only when an example needs them.
        var lineBytes: [UInt8]
        var isHEAD: Bool
        var time: Int64
        var index: Int
        var idleBefore: Int64?

        var line: String { ByteEscaping.escape(lineBytes, limit: 200) }
        var method: String? { isHEAD ? "HEAD" : nil }
    }

    struct ResponseInProgress {
        var index: Int
        var time: Int64
        var request: [UInt8]?
        var requestMethod: String?
        var framedByLength: Bool
        var bodyExpected: Int
        var countedMalformed: Bool
        var violations: [HTTPResponseViolation]
    }

    let client: Endpoint
    let server: Endpoint
    let firstTime: Int64
    var lastTime: Int64
    var synTime: Int64?
    var synCount = 0
    var synAckTime: Int64?
    var established = false
    var midstream = false
    var lastPayloadTime: Int64?
    var lastPayloadFromClient = false
    var clientFINTime: Int64?
    var serverFINTime: Int64?
    var icmp: ICMPUnreachable?

    var clientCursor = StreamCursor()
    var serverCursor = StreamCursor()

    // HTTP
    var requestState = RequestState.start
    var requestBuffer: [UInt8] = []
    var requestStartTime: Int64 = 0
    var pending: [PendingRequest] = []
    var requestsSeen = 0
    var responseState = ResponseState.start
    var responseBuffer: [UInt8] = []
    var responseStartTime: Int64 = 0
    var responsesSeen = 0
    var current: ResponseInProgress?
    var lastResponseFramedByLength = false
    var lastResponseAskedToClose = false
    var protocolDecided = false
    var isHTTP = false

    // TLS
    var tls: TLSConnectionState?

    init(client: Endpoint, server: Endpoint, time: Int64) {
        self.client = client
        self.server = server
        firstTime = time
        lastTime = time
    }

    var label: String { "\(client) -> \(server)" }
}

/// TLS handshake state of a connection.
struct TLSConnectionState {
    var clientRecords = TLSRecordStream()
    var serverRecords = TLSRecordStream()
    var clientHello: TLSClientHello?
    var clientHelloTime: Int64 = 0
    var serverHello: TLSServerHello?
    var alert: TLSAlert?
    var alertFromTarget = false
    var clientApplicationData = false
    var serverApplicationData = false
    var done = false

    var completed: Bool { clientApplicationData && serverApplicationData && alert.map { $0.level != 2 } ?? true }
}

/// Follows TLS record framing in one direction; assembles the first handshake message and reads alerts.
struct TLSRecordStream {
    enum Event {
        case handshake(type: UInt8, body: [UInt8])
        case alert(TLSAlert)
        case encryptedAlert
        case applicationData
        case changeCipherSpec
        case notTLS
    }

    private var header: [UInt8] = []
    private var remaining = 0
    private var type: UInt8 = 0
    private var recordLength = 0
    private var recordBytes: [UInt8] = []  // only for handshake (until first message) and alerts
    private var handshake: [UInt8] = []
    private var handshakeDone = false
    private(set) var records = 0
    private(set) var broken = false

    static let handshakeLimit = 64 * 1024

    /// Feeds payload bytes; appends events.
    mutating func consume(_ bytes: UnsafeRawBufferPointer, events: inout [Event]) {
        var i = 0
        let n = bytes.count
        while i < n && !broken {
            if remaining == 0 {
                // Record header (5 bytes), possibly split.
                let need = 5 - header.count
                let take = min(need, n - i)
                header.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take
                guard header.count == 5 else { return }
                type = header[0]
                recordLength = Int(header[3]) << 8 | Int(header[4])
                header.removeAll(keepingCapacity: true)
                guard (20...24).contains(type), recordLength <= 18_432 + 2048 else {
                    broken = true
                    events.append(.notTLS)
                    return
                }
                records += 1
                remaining = recordLength
                recordBytes.removeAll(keepingCapacity: true)
                if remaining == 0 { finishRecord(events: &events) }
                continue
            }
            let take = min(remaining, n - i)
            if type == 21 || (type == 22 && !handshakeDone) {
                recordBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
            }
            remaining -= take
            i += take
            if remaining == 0 { finishRecord(events: &events) }
        }
    }

    private mutating func finishRecord(events: inout [Event]) {
        switch type {
        case 20:
            events.append(.changeCipherSpec)
        case 21:
            if recordBytes.count == 2 {
                events.append(.alert(TLSAlert(level: recordBytes[0], code: recordBytes[1])))
            } else {
                events.append(.encryptedAlert)
            }
        case 22 where !handshakeDone:
            handshake.append(contentsOf: recordBytes)
            if handshake.count >= 4 {
                let length = Int(handshake[1]) << 16 | Int(handshake[2]) << 8 | Int(handshake[3])
                if handshake.count >= 4 + length {
                    events.append(.handshake(type: handshake[0], body: Array(handshake[4..<(4 + length)])))
                    handshakeDone = true
                    handshake = []
                } else if handshake.count > Self.handshakeLimit {
                    handshakeDone = true
                    handshake = []
                }
            }
        case 23:
            events.append(.applicationData)
        default:
            break
        }
        recordBytes.removeAll(keepingCapacity: true)
    }
}
