import ALBWire

/// The load balancer's bytes: request heads and bodies, requests sent after the target's FIN.
extension TCPConversationTracker {
    // MARK: - Client (load balancer) bytes

    func consumeClient(_ connection: Connection, _ bytes: UnsafeRawBufferPointer, time: Int64, gap: Bool) {
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
    static func continueHead(
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

    func requestHead(_ connection: Connection, _ head: UnsafeRawBufferPointer, time: Int64) {
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

    func noteRequestAfterTargetFIN(_ connection: Connection, time: Int64) {
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
}
