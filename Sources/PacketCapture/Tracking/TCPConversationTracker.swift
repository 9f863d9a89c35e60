import ALBWire

/// Reconstructs TCP connections, HTTP/1.x exchanges and TLS handshakes from decoded packets and
/// aggregates what matters for a 502 diagnosis into a ``CaptureAnalysis``.
///
/// The client side of each connection (the side that sent the SYN, or that sends requests) is taken to
/// be the load balancer; the server side (the `--target-port` side when given) is the target.
/// State is bounded: at most ``Configuration/maximumConnections`` live connections (the least recently
/// active are evicted and counted), header and hello buffers are capped, example lists are capped.
/// Missing bytes are never invented: after a gap a stream is resynchronised at the next message start.
public final class TCPConversationTracker {
    /// Tracker settings.
    public struct Configuration: Sendable {
        /// Only connections with this port on one side are analysed; that side is the target.
        public var targetPort: UInt16?
        /// The load balancer idle timeout (seconds) keep-alive closes are compared with.
        public var idleTimeoutSeconds: Double
        /// The back-end TLS policy ClientHellos and ServerHellos are checked against.
        public var backendPolicy: ELBSecurityPolicy
        /// Live connections kept before the least recently active are evicted.
        public var maximumConnections: Int

        /// Creates a configuration.
        public init(
            targetPort: UInt16? = nil,
            idleTimeoutSeconds: Double = 60,
            backendPolicy: ELBSecurityPolicy = .defaultBackEnd,
            maximumConnections: Int = 50_000
        ) {
            self.targetPort = targetPort
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.backendPolicy = backendPolicy
            self.maximumConnections = max(16, maximumConnections)
        }
    }

    /// The settings.
    public let configuration: Configuration
    private var table: [ConnectionKey: Connection] = [:]
    private var analysis = CaptureAnalysis()
    private var clientAddresses = Set<IPAddress>()
    private var targetCounts: [Endpoint: Int] = [:]
    private var firstTime: Int64?
    private var lastTime: Int64 = 0
    private var tlsEvents: [TLSRecordStream.Event] = []
    private var statusClassCounts = [Int](repeating: 0, count: 10)
    private var lastKey: ConnectionKey?
    private var lastConnection: Connection?
    private static let distinctLimit = 10_000
    private static let wellKnownPorts: Set<UInt16> = [80, 443, 3000, 5000, 8000, 8008, 8080, 8443, 8888, 9000, 9443]

    /// Creates a tracker.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        analysis.backendPolicy = configuration.backendPolicy.name
        analysis.idleTimeoutSeconds = configuration.idleTimeoutSeconds
        analysis.targetPort = configuration.targetPort
    }

    /// Live connections currently tracked.
    public var liveConnections: Int { table.count }

    // MARK: - Input

    /// Records one packet's decoding result (counts) and feeds TCP/ICMP to the state machines.
    public func process(_ decoded: DecodedPacket, time: Int64) {
        analysis.packets.total += 1
        if firstTime == nil { firstTime = time }
        if time > lastTime { lastTime = time }
        switch decoded {
        case .tcp(let segment):
            process(segment: segment, time: time)
        case .icmpUnreachable(let message):
            process(icmp: message, time: time)
        case .other:
            analysis.packets.other += 1
        case .malformed:
            analysis.packets.undecodable += 1
        }
    }

    private func appendBounded<T>(_ list: inout [T], _ item: @autoclosure () -> T) {
        if list.count < CaptureAnalysis.exampleLimit { list.append(item()) }
    }

    private func roles(for segment: TCPSegment) -> (client: Endpoint, server: Endpoint) {
        let source = segment.source
        let destination = segment.destination
        if let port = configuration.targetPort {
            return destination.port == port ? (source, destination) : (destination, source)
        }
        let payload = segment.payload
        if !payload.isEmpty {
            if HTTPMessageScanning.looksLikeResponseStart(payload) { return (destination, source) }
            if HTTPMessageScanning.looksLikeRequestStart(payload) { return (source, destination) }
            if HTTPMessageScanning.looksLikeTLS(payload) && payload.count > 5 {
                return payload[5] == 2 ? (destination, source) : (source, destination)
            }
        }
        let sourceKnown = Self.wellKnownPorts.contains(source.port) || source.port < 1024
        let destinationKnown = Self.wellKnownPorts.contains(destination.port) || destination.port < 1024
        if destinationKnown && !sourceKnown { return (source, destination) }
        if sourceKnown && !destinationKnown { return (destination, source) }
        return destination.port <= source.port ? (source, destination) : (destination, source)
    }

    /// Feeds one TCP segment.
    public func process(segment: TCPSegment, time: Int64) {
        if let port = configuration.targetPort, segment.source.port != port && segment.destination.port != port {
            analysis.packets.outsideTargetPort += 1
            return
        }
        analysis.packets.tcp += 1
        let key = ConnectionKey(segment.source, segment.destination)
        let flags = segment.flags
        let connection: Connection
        let cached: Connection? = lastKey == key ? lastConnection : table[key]
        if let existing = cached {
            connection = existing
            // A new SYN on a finished 4-tuple (port reuse) starts a new connection.
            if flags.contains(.syn) && !flags.contains(.ack) && existing.synTime != nil
                && segment.source == existing.client
                && (existing.established || existing.clientFINTime != nil || existing.serverFINTime != nil)
            {
                finalize(existing, atEnd: false)
                table[key] = nil
                lastKey = nil
                lastConnection = nil
                return process(segment: segment, time: time)
            }
        } else {
            let created: Connection
            if flags.contains(.syn) && !flags.contains(.ack) {
                created = Connection(client: segment.source, server: segment.destination, time: time)
            } else if flags.contains(.syn) && flags.contains(.ack) {
                created = Connection(client: segment.destination, server: segment.source, time: time)
                created.midstream = true
            } else if segment.wirePayloadLength > 0 {
                let (client, server) = roles(for: segment)
                created = Connection(client: client, server: server, time: time)
                created.midstream = true
            } else {
                return
            }
            table[key] = created
            connection = created
            analysis.connections.total += 1
            if clientAddresses.count < Self.distinctLimit { clientAddresses.insert(created.client.address) }
            if targetCounts.count < Self.distinctLimit || targetCounts[created.server] != nil {
                targetCounts[created.server, default: 0] += 1
            }
            if table.count > configuration.maximumConnections { evict() }
        }
        lastKey = key
        lastConnection = connection
        connection.lastTime = time
        let fromClient = segment.source == connection.client

        if flags.contains(.syn) {
            if !flags.contains(.ack) {
                if fromClient {
                    if connection.synTime == nil { connection.synTime = time }
                    connection.synCount += 1
                    connection.clientCursor.syn(segment.sequence)
                }
            } else if !fromClient && connection.synAckTime == nil {
                connection.synAckTime = time
                connection.established = true
                connection.serverCursor.syn(segment.sequence)
            }
            return
        }

        if flags.contains(.rst) {
            if !fromClient && connection.synTime != nil && connection.synAckTime == nil && !connection.established {
                analysis.connections.refused += 1
                appendBounded(
                    &analysis.refusedExamples,
                    CaptureAnalysis.ConnectionEvent(
                        connection: connection.label,
                        time: CaptureTime.iso8601(time),
                        detail:
                            "SYN answered with RST after \(CaptureTime.seconds(time - (connection.synTime ?? time)))"
                    )
                )
                connection.synAckTime = nil
                connection.synTime = nil  // not unanswered
                finishConnection(connection, key: key, closedAt: nil)
                return
            }
            closed(connection, byClient: fromClient, reset: true, time: time)
            finishConnection(connection, key: key, closedAt: time)
            return
        }

        if segment.wirePayloadLength > 0 {
            if connection.midstream && !connection.established { connection.established = true }
            let cursorResult =
                fromClient
                ? connection.clientCursor.accept(sequence: segment.sequence, wireLength: segment.wirePayloadLength)
                : connection.serverCursor.accept(sequence: segment.sequence, wireLength: segment.wirePayloadLength)
            switch cursorResult {
            case .duplicate:
                analysis.connections.retransmissions += 1
            case .deliver(let skip, let gapBefore):
                if skip > 0 { analysis.connections.retransmissions += 1 }
                if gapBefore { analysis.connections.gaps += 1 }
                let captured = segment.payload
                let cut = captured.count < segment.wirePayloadLength
                if cut { analysis.packets.snapLengthCut += 1 }
                let bytes =
                    skip < captured.count
                    ? UnsafeRawBufferPointer(rebasing: captured[skip...]) : UnsafeRawBufferPointer(start: nil, count: 0)
                if fromClient {
                    if connection.serverFINTime != nil && connection.isHTTP && connection.requestsSeen >= 0 {
                        noteRequestAfterTargetFIN(connection, time: time)
                    }
                    consumeClient(connection, bytes, time: time, gap: gapBefore)
                    if cut { connection.requestState = .resync }
                } else {
                    consumeServer(connection, bytes, time: time, gap: gapBefore)
                    if cut { connection.responseState = .resync }
                }
                connection.lastPayloadTime = time
                connection.lastPayloadFromClient = fromClient
            }
        }

        if flags.contains(.fin) {
            if fromClient {
                if connection.clientFINTime == nil {
                    connection.clientFINTime = time
                    closed(connection, byClient: true, reset: false, time: time)
                }
            } else if connection.serverFINTime == nil {
                connection.serverFINTime = time
                closed(connection, byClient: false, reset: false, time: time)
            }
            if connection.clientFINTime != nil && connection.serverFINTime != nil {
                finishConnection(connection, key: key, closedAt: time)
            }
        }
    }

    /// Feeds one ICMP destination unreachable.
    public func process(icmp message: ICMPUnreachable, time: Int64) {
        if let port = configuration.targetPort,
            message.originalDestination.port != port && message.originalSource.port != port
        {
            analysis.packets.outsideTargetPort += 1
            return
        }
        analysis.packets.icmpUnreachable += 1
        analysis.connections.icmpUnreachable += 1
        analysis.icmpByCode[message.codeDescription, default: 0] += 1
        let key = ConnectionKey(message.originalSource, message.originalDestination)
        if let connection = table[key] {
            connection.icmp = message
        }
        appendBounded(
            &analysis.icmpExamples,
            CaptureAnalysis.ConnectionEvent(
                connection: "\(message.originalSource) -> \(message.originalDestination)",
                time: CaptureTime.iso8601(time),
                detail:
                    "ICMP\(message.isICMPv6 ? "v6" : "") destination unreachable (\(message.codeDescription)) from \(message.reporter)"
            )
        )
    }

    // MARK: - Client (load balancer) bytes

    private func consumeClient(_ connection: Connection, _ bytes: UnsafeRawBufferPointer, time: Int64, gap: Bool) {
        if !connection.protocolDecided {
            connection.protocolDecided = true
            if HTTPMessageScanning.looksLikeTLS(bytes) {
                var state = TLSConnectionState()
                state.clientHelloTime = time
                connection.tls = state
                analysis.tls.connections += 1
            } else if HTTPMessageScanning.looksLikeRequestStart(bytes) {
                connection.isHTTP = true
            } else {
                connection.requestState = .opaque
                connection.responseState = .opaque
                analysis.http.nonHTTPConnections += 1
            }
        }
        if connection.tls != nil {
            feedTLS(connection, bytes, fromClient: true, time: time)
            return
        }
        guard connection.isHTTP else { return }
        if gap {
            connection.requestState = .resync
            connection.requestBuffer.removeAll()
        }
        var rest = bytes
        while !rest.isEmpty {
            switch connection.requestState {
            case .opaque:
                return
            case .resync:
                guard HTTPMessageScanning.looksLikeRequestStart(rest) else { return }
                connection.requestState = .start
            case .start:
                guard HTTPMessageScanning.looksLikeRequestStart(rest) else {
                    connection.requestState = .resync
                    return
                }
                connection.requestStartTime = time
                if let length = HTTPResponseHeaderValidator.headerSectionLength(in: rest) {
                    requestHead(connection, UnsafeRawBufferPointer(rebasing: rest[0..<length]), time: time)
                    rest = UnsafeRawBufferPointer(rebasing: rest[length...])
                } else {
                    connection.requestBuffer.removeAll(keepingCapacity: true)
                    connection.requestBuffer.append(contentsOf: rest)
                    connection.requestState = .head
                    return
                }
            case .head:
                let after = Self.continueHead(&connection.requestBuffer, with: rest) { head in
                    requestHead(connection, head, time: connection.requestStartTime)
                }
                if let after {
                    rest = after
                } else {
                    if connection.requestBuffer.count > 64 * 1024 {
                        connection.requestBuffer.removeAll(keepingCapacity: false)
                        connection.requestState = .resync
                    }
                    return
                }
            case .body(let remaining):
                let take = min(remaining, rest.count)
                rest = UnsafeRawBufferPointer(rebasing: rest[take...])
                connection.requestState = remaining - take == 0 ? .start : .body(remaining: remaining - take)
            case .chunked(var decoder):
                switch decoder.consume(rest) {
                case .needMore:
                    connection.requestState = .chunked(decoder)
                    return
                case .complete(let used):
                    connection.requestState = .start
                    rest = UnsafeRawBufferPointer(rebasing: rest[used...])
                case .invalid:
                    connection.requestState = .resync
                    return
                }
            }
        }
    }

    /// Appends `rest` to the partial message head held in `buffer` (requests and responses alike). When the
    /// head is now complete, hands it to `deliver`, empties the buffer and returns the bytes of `rest` that
    /// follow the head; otherwise returns nil and keeps the bytes for the next segment.
    private static func continueHead(
        _ buffer: inout [UInt8],
        with rest: UnsafeRawBufferPointer,
        deliver: (UnsafeRawBufferPointer) -> Void
    ) -> UnsafeRawBufferPointer? {
        let before = buffer.count
        buffer.append(contentsOf: rest)
        guard let length = buffer.withUnsafeBytes({ HTTPResponseHeaderValidator.headerSectionLength(in: $0) }) else {
            return nil
        }
        buffer.withUnsafeBytes { deliver(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
        buffer.removeAll(keepingCapacity: false)
        return UnsafeRawBufferPointer(rebasing: rest[(length - before)...])
    }

    private func requestHead(_ connection: Connection, _ head: UnsafeRawBufferPointer, time: Int64) {
        let parsed = HTTPMessageScanning.requestHead(head)
        var idleBefore: Int64?
        if connection.requestsSeen > 0, let last = connection.lastPayloadTime {
            idleBefore = time - last
            analysis.http.reusedRequests += 1
            analysis.http.idleBeforeReusedRequest.record(time - last)
        }
        let request = Connection.PendingRequest(
            lineBytes: parsed.line,
            isHEAD: parsed.isHEAD,
            time: time,
            index: connection.requestsSeen,
            idleBefore: idleBefore
        )
        if connection.pending.count >= 32 { connection.pending.removeFirst() }
        connection.pending.append(request)
        connection.requestsSeen += 1
        analysis.http.requests += 1
        if parsed.chunked {
            connection.requestState = .chunked(ChunkedBodyDecoder())
        } else if parsed.contentLength > 0 {
            connection.requestState = .body(remaining: parsed.contentLength)
        } else {
            connection.requestState = .start
        }
    }

    private func noteRequestAfterTargetFIN(_ connection: Connection, time: Int64) {
        analysis.http.requestsAfterTargetFIN += 1
        appendBounded(
            &analysis.http.outstandingExamples,
            CaptureAnalysis.ConnectionEvent(
                connection: connection.label,
                time: CaptureTime.iso8601(time),
                detail:
                    "the load balancer side sent data \(CaptureTime.seconds(time - (connection.serverFINTime ?? time))) after the target's FIN (request \(connection.requestsSeen + 1) on the connection)"
            )
        )
    }

    // MARK: - Server (target) bytes

    private func consumeServer(_ connection: Connection, _ bytes: UnsafeRawBufferPointer, time: Int64, gap: Bool) {
        if !connection.protocolDecided {
            connection.protocolDecided = true
            if HTTPMessageScanning.looksLikeResponseStart(bytes) {
                connection.isHTTP = true
            } else {
                connection.requestState = .opaque
                connection.responseState = .opaque
                analysis.http.nonHTTPConnections += 1
            }
        }
        if connection.tls != nil {
            feedTLS(connection, bytes, fromClient: false, time: time)
            return
        }
        guard connection.isHTTP else { return }
        if gap {
            connection.responseState = .resync
            connection.responseBuffer.removeAll()
            if connection.current != nil { completeResponse(connection) }
        }
        var rest = bytes
        while !rest.isEmpty {
            switch connection.responseState {
            case .opaque, .untilClose:
                return
            case .resync:
                guard HTTPMessageScanning.looksLikeResponseStart(rest) else { return }
                connection.responseState = .start
            case .start:
                if connection.pending.isEmpty && connection.responsesSeen > 0 && connection.lastResponseFramedByLength
                    && !HTTPMessageScanning.looksLikeResponseStart(rest)
                {
                    extraBytes(connection, rest, time: time)
                    connection.responseState = .resync
                    return
                }
                connection.responseStartTime = time
                if let length = HTTPResponseHeaderValidator.headerSectionLength(in: rest) {
                    responseHead(connection, UnsafeRawBufferPointer(rebasing: rest[0..<length]), time: time)
                    rest = UnsafeRawBufferPointer(rebasing: rest[length...])
                } else {
                    connection.responseBuffer.removeAll(keepingCapacity: true)
                    connection.responseBuffer.append(contentsOf: rest)
                    connection.responseState = .head
                    if rest.count > HTTPResponseHeaderValidator.maximumHeaderSectionSize { oversizedHead(connection) }
                    return
                }
            case .head:
                let after = Self.continueHead(&connection.responseBuffer, with: rest) { head in
                    responseHead(connection, head, time: connection.responseStartTime)
                }
                if let after {
                    rest = after
                } else {
                    if connection.responseBuffer.count > HTTPResponseHeaderValidator.maximumHeaderSectionSize {
                        oversizedHead(connection)
                    }
                    return
                }
            case .body(let remaining):
                let take = min(remaining, rest.count)
                rest = UnsafeRawBufferPointer(rebasing: rest[take...])
                if remaining - take == 0 {
                    completeResponse(connection)
                    connection.responseState = .start
                } else {
                    connection.responseState = .body(remaining: remaining - take)
                }
            case .chunked(var decoder):
                switch decoder.consume(rest) {
                case .needMore:
                    connection.responseState = .chunked(decoder)
                    return
                case .complete(let used):
                    completeResponse(connection)
                    connection.responseState = .start
                    rest = UnsafeRawBufferPointer(rebasing: rest[used...])
                case .invalid(let offset, let reason):
                    connection.current?.violations.append(
                        HTTPResponseViolation(
                            code: .invalidChunkedEncoding,
                            offset: offset,
                            excerpt: ByteEscaping.escape(rest.prefix(40)),
                            message: reason + " (offset counted from the start of the body)"
                        )
                    )
                    completeResponse(connection)
                    connection.responseState = .resync
                    return
                }
            }
        }
    }

    private func oversizedHead(_ connection: Connection) {
        let method = connection.pending.first?.method
        let result = connection.responseBuffer.withUnsafeBytes {
            HTTPResponseHeaderValidator.validate(
                UnsafeRawBufferPointer(rebasing: $0.prefix(HTTPResponseHeaderValidator.maximumHeaderSectionSize + 1)),
                connectionEnded: false,
                requestMethod: method
            )
        }
        startResponse(connection, result, time: connection.responseStartTime)
        completeResponse(connection)
        connection.responseBuffer.removeAll(keepingCapacity: false)
        connection.responseState = .resync
    }

    private func extraBytes(_ connection: Connection, _ bytes: UnsafeRawBufferPointer, time: Int64) {
        let violation = HTTPResponseViolation(
            code: .bodyLengthMismatch,
            offset: 0,
            excerpt: ByteEscaping.escape(bytes.prefix(60)),
            message:
                "\(bytes.count) unexpected bytes after the end of response \(connection.responsesSeen) with no request outstanding: its body is longer than its Content-Length"
        )
        recordMalformed(connection, index: connection.responsesSeen, time: time, request: nil, violations: [violation])
    }

    private func responseHead(_ connection: Connection, _ head: UnsafeRawBufferPointer, time: Int64) {
        let method = connection.pending.first?.method
        let result = HTTPResponseHeaderValidator.validate(head, connectionEnded: false, requestMethod: method)
        if let status = result.statusCode, (100..<200).contains(status), status != 101, result.violations.isEmpty {
            connection.responseState = .start  // interim response; the final one follows
            return
        }
        startResponse(connection, result, time: time)
        let status = result.statusCode ?? 0
        let framingBroken = result.violations.contains {
            switch $0.code {
            case .badStatusLine, .conflictingContentLength, .invalidContentLength, .transferEncodingWithContentLength,
                .invalidTransferEncoding, .headerSectionTooLarge:
                return true
            default:
                return false
            }
        }
        if framingBroken {
            completeResponse(connection)
            connection.responseState = .resync
            return
        }
        if status == 101 {
            completeResponse(connection)
            connection.responseState = .opaque
            connection.requestState = .opaque
            return
        }
        if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
            completeResponse(connection)
            connection.responseState = .start
        } else if result.isChunked {
            connection.responseState = .chunked(ChunkedBodyDecoder())
        } else if let length = result.contentLength {
            if length == 0 {
                completeResponse(connection)
                connection.responseState = .start
            } else {
                connection.responseState = .body(remaining: length)
            }
        } else {
            connection.responseState = .untilClose
        }
    }

    private func startResponse(_ connection: Connection, _ result: HTTPResponseValidation, time: Int64) {
        connection.responsesSeen += 1
        analysis.http.responses += 1
        if let status = result.statusCode, status < 1000 {
            statusClassCounts[status / 100] += 1
        } else {
            analysis.http.responsesByStatusClass["unreadable", default: 0] += 1
        }
        if result.connectionClose { analysis.keepAlive.connectionCloseResponses += 1 }
        connection.lastResponseAskedToClose =
            result.connectionClose
            || (result.httpVersion == "HTTP/1.0" && !result.connectionKeepAlive)
        if let timeout = result.keepAliveTimeoutSeconds {
            analysis.keepAlive.announcedTimeouts["\(timeout)", default: 0] += 1
        }
        var violations = result.violations
        var requestLine: [UInt8]?
        var method: String?
        if connection.pending.isEmpty {
            violations.append(
                HTTPResponseViolation(
                    code: .responseWithoutRequest,
                    offset: 0,
                    excerpt: "",
                    message:
                        "response \(connection.responsesSeen) arrived with no request outstanding on the connection"
                )
            )
        } else {
            let request = connection.pending.removeFirst()
            requestLine = request.lineBytes
            method = request.method
            analysis.http.responseTime.record(time - request.time)
        }
        connection.current = Connection.ResponseInProgress(
            index: connection.responsesSeen,
            time: time,
            request: requestLine,
            requestMethod: method,
            framedByLength: result.contentLength != nil && !result.isChunked,
            bodyExpected: result.contentLength ?? 0,
            countedMalformed: false,
            violations: violations
        )
    }

    private func completeResponse(_ connection: Connection) {
        guard let current = connection.current else { return }
        if !current.violations.isEmpty {
            recordMalformed(
                connection,
                index: current.index,
                time: current.time,
                request: current.request.map { ByteEscaping.escape($0, limit: 200) },
                violations: current.violations
            )
        }
        connection.lastResponseFramedByLength = current.framedByLength
        connection.current = nil
    }

    private func recordMalformed(
        _ connection: Connection,
        index: Int,
        time: Int64,
        request: String?,
        violations: [HTTPResponseViolation]
    ) {
        analysis.http.malformedResponses += 1
        var seen = Set<HTTPResponseViolation.Code>()
        for violation in violations where seen.insert(violation.code).inserted {
            analysis.http.violationsByCode[violation.code.rawValue, default: 0] += 1
        }
        appendBounded(
            &analysis.http.malformedExamples,
            CaptureAnalysis.MalformedResponse(
                connection: connection.label,
                time: CaptureTime.iso8601(time),
                responseIndex: index,
                request: request,
                violations: Array(violations.prefix(8))
            )
        )
    }

    /// The target ended its side: finish a response in progress, count outstanding requests.
    private func finishResponsesAtTargetClose(_ connection: Connection, time: Int64, reset: Bool) {
        switch connection.responseState {
        case .head:
            let method = connection.pending.first?.method
            let result = connection.responseBuffer.withUnsafeBytes {
                HTTPResponseHeaderValidator.validate($0, connectionEnded: true, requestMethod: method)
            }
            startResponse(connection, result, time: connection.responseStartTime)
            completeResponse(connection)
            connection.responseBuffer.removeAll(keepingCapacity: false)
        case .body(let remaining):
            if let current = connection.current {
                let received = current.bodyExpected - remaining
                connection.current?.violations.append(
                    HTTPResponseViolation(
                        code: .bodyLengthMismatch,
                        offset: 0,
                        excerpt: "",
                        message:
                            "the target \(reset ? "reset" : "closed") the connection after \(received) of \(current.bodyExpected) body bytes (Content-Length larger than the body)"
                    )
                )
            }
            completeResponse(connection)
        case .chunked:
            connection.current?.violations.append(
                HTTPResponseViolation(
                    code: .bodyLengthMismatch,
                    offset: 0,
                    excerpt: "",
                    message:
                        "the target \(reset ? "reset" : "closed") the connection inside a chunked body (no last chunk)"
                )
            )
            completeResponse(connection)
        case .untilClose:
            completeResponse(connection)
        case .start, .resync, .opaque:
            break
        }
        connection.responseState = .opaque
        if !connection.pending.isEmpty {
            analysis.http.requestsOutstandingAtTargetClose += connection.pending.count
            for request in connection.pending {
                let idle = request.idleBefore.map { ", \(CaptureTime.seconds($0)) after the previous exchange" } ?? ""
                appendBounded(
                    &analysis.http.outstandingExamples,
                    CaptureAnalysis.ConnectionEvent(
                        connection: connection.label,
                        time: CaptureTime.iso8601(time),
                        detail:
                            "target \(reset ? "RST" : "FIN") \(CaptureTime.seconds(time - request.time)) after request \(request.index + 1) on the connection (\(request.line))\(idle), no response"
                    )
                )
            }
            connection.pending.removeAll()
        }
    }

    // MARK: - TLS

    private func feedTLS(_ connection: Connection, _ bytes: UnsafeRawBufferPointer, fromClient: Bool, time: Int64) {
        guard var state = connection.tls, !state.done else { return }
        tlsEvents.removeAll(keepingCapacity: true)
        if fromClient {
            state.clientRecords.consume(bytes, events: &tlsEvents)
        } else {
            state.serverRecords.consume(bytes, events: &tlsEvents)
        }
        for event in tlsEvents {
            switch event {
            case .handshake(let type, let body):
                if fromClient && type == 1, state.clientHello == nil {
                    let hello = body.withUnsafeBytes { TLSHandshakeParser.clientHello($0) }
                    state.clientHello = hello
                    state.clientHelloTime = time
                    if let hello { recordClientHello(hello) }
                } else if !fromClient && type == 2, state.serverHello == nil {
                    let hello = body.withUnsafeBytes { TLSHandshakeParser.serverHello($0) }
                    state.serverHello = hello
                    if let hello, !hello.isHelloRetryRequest {
                        let name = "\(hello.version) \(TLSCipherSuite.describe(code: hello.cipherSuite).openSSLName)"
                        analysis.tls.chosen[name, default: 0] += 1
                    }
                }
            case .alert(let alert):
                if state.alert == nil || alert.level == 2 {
                    if state.alert?.level != 2 {
                        state.alert = alert
                        state.alertFromTarget = !fromClient
                    }
                }
                analysis.tls.alerts["\(fromClient ? "load-balancer" : "target"): \(alert)", default: 0] += 1
            case .encryptedAlert:
                break
            case .applicationData:
                if fromClient { state.clientApplicationData = true } else { state.serverApplicationData = true }
            case .changeCipherSpec:
                break
            case .notTLS:
                state.done = true
            }
        }
        if state.clientApplicationData && state.serverApplicationData { state.done = true }
        connection.tls = state
    }

    private func recordClientHello(_ hello: TLSClientHello) {
        analysis.tls.clientHellos += 1
        let policy = configuration.backendPolicy
        var outside = false
        for version in hello.offeredVersions {
            analysis.tls.offeredVersions[version.description, default: 0] += 1
            if !policy.allows(version) && version >= .tls10 { outside = true }
        }
        for code in hello.cipherSuites {
            let suite = TLSCipherSuite.describe(code: code)
            analysis.tls.offeredSuites[suite.openSSLName, default: 0] += 1
            if !suite.isSignalling && !policy.allows(cipherSuite: code) { outside = true }
        }
        if let name = hello.serverName, analysis.tls.serverNames.count < 10 || analysis.tls.serverNames[name] != nil {
            analysis.tls.serverNames[name, default: 0] += 1
        }
        if outside { analysis.tls.helloOutsidePolicy += 1 }
    }

    private func evaluateTLS(_ connection: Connection, closed: Bool) {
        guard let state = connection.tls, state.clientHello != nil || state.serverHello != nil || state.alert != nil
        else { return }
        let policy = configuration.backendPolicy
        var chosenText: String?
        var chosenOutside = false
        if let server = state.serverHello, !server.isHelloRetryRequest {
            let suite = TLSCipherSuite.describe(code: server.cipherSuite)
            chosenText = "\(server.version) \(suite.openSSLName)"
            if !policy.allows(server.version) || !policy.allows(cipherSuite: server.cipherSuite) {
                chosenOutside = true
                analysis.tls.chosenOutsidePolicy += 1
            }
        }
        if state.completed && !chosenOutside {
            analysis.tls.completed += 1
            return
        }
        if state.completed {
            analysis.tls.completed += 1
        }
        let fatalAlert = state.alert.map { $0.level == 2 } ?? false
        guard fatalAlert || (closed && !state.completed) || chosenOutside else { return }
        if !state.completed { analysis.tls.failed += 1 }
        let hello = state.clientHello
        let offered = hello?.offeredVersions.map(\.description) ?? []
        let suiteCount = hello?.cipherSuites.filter { !TLSCipherSuite.describe(code: $0).isSignalling }.count ?? 0
        var reason: String
        if let alert = state.alert, fatalAlert {
            if state.alertFromTarget {
                switch alert.code {
                case 70:
                    reason =
                        "the target refused every offered version (\(offered.joined(separator: ", "))): it requires a version outside \(policy.name) (\(policy.versions.map(\.description).joined(separator: ", "))), e.g. TLS 1.3 only"
                case 40, 71:
                    reason = "no cipher suite in common: the target accepted none of the \(suiteCount) suites offered"
                    if let hello,
                        hello.cipherSuites.allSatisfy({
                            policy.allows(cipherSuite: $0) || TLSCipherSuite.describe(code: $0).isSignalling
                        })
                    {
                        reason +=
                            " (the offer matches \(policy.name)); the target's cipher configuration allows none of that policy's suites"
                    }
                default:
                    reason = "the target aborted the handshake with \(alert)"
                }
            } else {
                reason =
                    "the load balancer side aborted the handshake with \(alert)"
                    + (chosenText.map { " after the target chose \($0)" } ?? "")
            }
        } else if chosenOutside, let chosenText {
            reason =
                "the target chose \(chosenText), which \(policy.name) does not allow: a load balancer using that back-end policy would fail this handshake"
        } else if state.serverHello == nil {
            reason = "the target closed the connection after the ClientHello without a ServerHello"
        } else {
            reason = "the connection closed before the handshake completed (target chose \(chosenText ?? "?"))"
        }
        appendBounded(
            &analysis.tls.failures,
            CaptureAnalysis.TLSFailure(
                connection: connection.label,
                time: CaptureTime.iso8601(state.clientHelloTime),
                offeredVersions: offered,
                offeredSuiteCount: suiteCount,
                chosen: chosenText,
                alert: fatalAlert ? state.alert?.description : nil,
                alertFrom: fatalAlert ? (state.alertFromTarget ? "target" : "load-balancer") : nil,
                reason: reason
            )
        )
    }

    // MARK: - Closing

    private func closed(_ connection: Connection, byClient: Bool, reset: Bool, time: Int64) {
        let firstClose = (byClient ? connection.serverFINTime : connection.clientFINTime) == nil
        if byClient {
            if reset {
                analysis.connections.closedByClientRST += 1
            } else {
                analysis.connections.closedByClientFIN += 1
            }
        } else {
            if reset {
                analysis.connections.closedByTargetRST += 1
            } else {
                analysis.connections.closedByTargetFIN += 1
            }
        }
        if !byClient && connection.isHTTP {
            let idle =
                connection.pending.isEmpty && connection.current == nil
                && { if case .start = connection.responseState { return true } else { return false } }()
            if idle && firstClose && connection.responsesSeen > 0 && !connection.lastResponseAskedToClose,
                let last = connection.lastPayloadTime
            {
                recordTargetIdleClose(connection, idle: time - last, reset: reset, time: time)
            }
            finishResponsesAtTargetClose(connection, time: time, reset: reset)
        } else if !byClient, let tls = connection.tls, tls.completed, firstClose, let last = connection.lastPayloadTime,
            !connection.lastPayloadFromClient, time - last >= 1_000_000_000
        {
            // Encrypted: requests cannot be seen. A close ≥ 1 s after the target's last bytes is taken as an
            // idle keep-alive close; a close right after a response is taken as `Connection: close`.
            recordTargetIdleClose(connection, idle: time - last, reset: reset, time: time)
        } else if byClient && firstClose, let last = connection.lastPayloadTime, connection.pending.isEmpty,
            connection.current == nil, connection.requestsSeen > 0 || connection.tls?.completed == true
        {
            analysis.keepAlive.clientIdleClose.record(time - last)
        }
        if connection.tls != nil && (reset || !byClient || connection.tls?.completed == false) {
            evaluateTLSOnce(connection, closed: true)
        }
    }

    private func recordTargetIdleClose(_ connection: Connection, idle: Int64, reset: Bool, time: Int64) {
        analysis.keepAlive.targetIdleClose.record(idle)
        if reset { analysis.keepAlive.targetIdleCloseWithRST += 1 }
        appendBounded(
            &analysis.keepAlive.targetIdleCloseExamples,
            CaptureAnalysis.ConnectionEvent(
                connection: connection.label,
                time: CaptureTime.iso8601(time),
                detail:
                    "target \(reset ? "RST" : "FIN") after \(CaptureTime.seconds(idle)) idle, \(connection.requestsSeen) request(s) served on the connection"
            )
        )
    }

    private var tlsEvaluated = Set<ObjectIdentifier>()

    private func evaluateTLSOnce(_ connection: Connection, closed: Bool) {
        guard tlsEvaluated.insert(ObjectIdentifier(connection)).inserted else { return }
        evaluateTLS(connection, closed: closed)
    }

    private func finishConnection(_ connection: Connection, key: ConnectionKey, closedAt: Int64?) {
        finalize(connection, atEnd: false)
        table[key] = nil
        lastKey = nil
        lastConnection = nil
    }

    private func finalize(_ connection: Connection, atEnd: Bool) {
        if connection.synTime != nil || connection.synCount > 0 { analysis.connections.withSYN += 1 }
        if connection.established { analysis.connections.established += 1 }
        if connection.midstream { analysis.connections.midstream += 1 }
        if atEnd && connection.clientFINTime == nil && connection.serverFINTime == nil {
            analysis.connections.openAtEnd += 1
        }
        if let synTime = connection.synTime, connection.synAckTime == nil, !connection.established,
            connection.icmp == nil
        {
            if connection.synCount >= 2 || lastTime - synTime >= 1_000_000_000 {
                analysis.connections.unansweredSYN += 1
                appendBounded(
                    &analysis.unansweredExamples,
                    CaptureAnalysis.ConnectionEvent(
                        connection: connection.label,
                        time: CaptureTime.iso8601(synTime),
                        detail:
                            "\(connection.synCount) SYN(s) over \(CaptureTime.seconds(connection.lastTime - synTime)), no SYN/ACK, no RST"
                    )
                )
            }
        }
        if let tls = connection.tls {
            if atEnd {
                if tls.completed || tls.alert?.level == 2 { evaluateTLSOnce(connection, closed: false) }
            } else {
                evaluateTLSOnce(connection, closed: true)
            }
        }
        tlsEvaluated.remove(ObjectIdentifier(connection))
    }

    private func evict() {
        lastKey = nil
        lastConnection = nil
        let excess = table.count - configuration.maximumConnections
        let batch = max(excess, configuration.maximumConnections / 10)
        let oldest = table.sorted { $0.value.lastTime < $1.value.lastTime }.prefix(batch)
        for (key, connection) in oldest {
            finalize(connection, atEnd: true)
            analysis.connections.evicted += 1
            table[key] = nil
        }
    }

    // MARK: - Result

    /// Ends tracking: finalizes open connections and returns the analysis (the tracker can keep going).
    public func finish() -> CaptureAnalysis {
        for (_, connection) in table.sorted(by: { $0.value.firstTime < $1.value.firstTime }) {
            finalize(connection, atEnd: true)
        }
        table.removeAll()
        for (index, count) in statusClassCounts.enumerated() where count > 0 {
            analysis.http.responsesByStatusClass["\(index)xx", default: 0] += count
        }
        statusClassCounts = [Int](repeating: 0, count: 10)
        var result = analysis
        if let firstTime { result.firstPacketTime = CaptureTime.iso8601(firstTime) }
        if firstTime != nil { result.lastPacketTime = CaptureTime.iso8601(lastTime) }
        result.connections.clientAddresses = clientAddresses.count
        result.connections.targetEndpoints = targetCounts.count
        result.connections.topTargets = targetCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10).map {
            "\($0.key): \($0.value)"
        }
        analysis = result
        return result
    }

    /// Adds file summaries to the analysis returned by ``finish()``.
    func setFiles(_ files: [CaptureAnalysis.FileSummary]) {
        analysis.files = files
    }
}
