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
    var table: [ConnectionKey: Connection] = [:]
    var analysis = CaptureAnalysis()
    var clientAddresses = Set<IPAddress>()
    var targetCounts: [Endpoint: Int] = [:]
    var firstTime: Int64?
    var lastTime: Int64 = 0
    var tlsEvents: [TLSRecordStream.Event] = []
    var statusClassCounts = [Int](repeating: 0, count: 10)
    var lastKey: ConnectionKey?
    var lastConnection: Connection?
    static let distinctLimit = 10_000
    static let wellKnownPorts: Set<UInt16> = [80, 443, 3000, 5000, 8000, 8008, 8080, 8443, 8888, 9000, 9443]

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

    func appendBounded<T>(_ list: inout [T], _ item: @autoclosure () -> T) {
        if list.count < CaptureAnalysis.exampleLimit { list.append(item()) }
    }

    func roles(for segment: TCPSegment) -> (client: Endpoint, server: Endpoint) {
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

    // MARK: - Closing

    func closed(_ connection: Connection, byClient: Bool, reset: Bool, time: Int64) {
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

    func recordTargetIdleClose(_ connection: Connection, idle: Int64, reset: Bool, time: Int64) {
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

    var tlsEvaluated = Set<ObjectIdentifier>()

    func evaluateTLSOnce(_ connection: Connection, closed: Bool) {
        guard tlsEvaluated.insert(ObjectIdentifier(connection)).inserted else { return }
        evaluateTLS(connection, closed: closed)
    }

    func finishConnection(_ connection: Connection, key: ConnectionKey, closedAt: Int64?) {
        finalize(connection, atEnd: false)
        table[key] = nil
        lastKey = nil
        lastConnection = nil
    }

    func finalize(_ connection: Connection, atEnd: Bool) {
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

    func evict() {
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
