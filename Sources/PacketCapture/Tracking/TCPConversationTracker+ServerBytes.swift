import ALBWire

/// The target's bytes: response heads validated as the load balancer would, bodies, responses cut by a close.
extension TCPConversationTracker {
    // MARK: - Server (target) bytes

    func consumeServer(_ connection: Connection, _ bytes: UnsafeRawBufferPointer, time: Int64, gap: Bool) {
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

    func oversizedHead(_ connection: Connection) {
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

    func extraBytes(_ connection: Connection, _ bytes: UnsafeRawBufferPointer, time: Int64) {
        let violation = HTTPResponseViolation(
            code: .bodyLengthMismatch,
            offset: 0,
            excerpt: ByteEscaping.escape(bytes.prefix(60)),
            message:
                "\(bytes.count) unexpected bytes after the end of response \(connection.responsesSeen) with no request outstanding: its body is longer than its Content-Length"
        )
        recordMalformed(connection, index: connection.responsesSeen, time: time, request: nil, violations: [violation])
    }

    func responseHead(_ connection: Connection, _ head: UnsafeRawBufferPointer, time: Int64) {
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

    func startResponse(_ connection: Connection, _ result: HTTPResponseValidation, time: Int64) {
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

    func completeResponse(_ connection: Connection) {
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

    func recordMalformed(
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
    func finishResponsesAtTargetClose(_ connection: Connection, time: Int64, reset: Bool) {
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
}
