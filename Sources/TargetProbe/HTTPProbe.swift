import ALBWire
import NIOCore
import NIOPosix

/// The HTTP part of a probe: one ALB-shaped request on an open connection, the raw response, then the idle wait.
enum HTTPProbe {
    /// The request the load balancer would forward: HTTP/1.1, `Host`, `X-Forwarded-*`, `X-Amzn-Trace-Id`.
    static func request(
        for target: ProbeTarget,
        clientAddress: String,
        configuration: ProbeConfiguration,
        epochSeconds: Int64
    ) -> [UInt8] {
        var random = SystemRandomNumberGenerator()
        let high = random.next() & 0xFFFF_FFFF
        let low = random.next()
        let traceID =
            "Root=1-" + hex(UInt64(max(0, epochSeconds)) & 0xFFFF_FFFF, width: 8) + "-"
            + hex(high, width: 8) + hex(low, width: 16)
        let lines = [
            "GET \(target.path) HTTP/1.1",
            "Host: \(target.hostHeader)",
            "X-Forwarded-For: \(clientAddress)",
            "X-Forwarded-Proto: \(configuration.forwardedProto)",
            "X-Forwarded-Port: \(configuration.forwardedPort)",
            "X-Amzn-Trace-Id: \(traceID)",
            "User-Agent: alb-doctor-probe/0.1",
            "Accept: */*",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    private static func hex(_ value: UInt64, width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// What the exchange left behind for the keep-alive check.
    struct Exchange {
        var check: ResponseCheck
        /// When the response was complete (start of the idle period), if it was and the connection is open.
        var idleSince: NIODeadline?
    }

    /// Writes the request and reads the response within `deadline`.
    static func exchange(
        session: WireSession,
        target: ProbeTarget,
        configuration: ProbeConfiguration,
        epochSeconds: Int64,
        deadline: NIODeadline
    ) async -> Exchange {
        let clientAddress = session.channel.localAddress?.ipAddress ?? "127.0.0.1"
        let requestBytes = request(
            for: target,
            clientAddress: clientAddress,
            configuration: configuration,
            epochSeconds: epochSeconds
        )
        let requestText = ByteEscaping.escape(requestBytes, limit: 2048)
        let written = NIODeadline.now()
        do {
            try await session.write(requestBytes)
        } catch {
            return Exchange(
                check: ResponseCheck(
                    outcome: .writeFailed,
                    request: requestText,
                    seconds: seconds(.now() - written),
                    detail: "the request could not be written: \(WireFailure(error).message)"
                ),
                idleSince: nil
            )
        }
        let readDeadline = min(deadline, written + .seconds(double: configuration.responseTimeout))
        var framer = ResponseFramer(headLimit: configuration.headLimit, bodyKeepLimit: configuration.bodyKeepLimit)
        var firstByte: NIODeadline?
        var ended: (kind: KeepAliveCheck.CloseKind, at: NIODeadline)?
        var completedAt: NIODeadline?
        var stoppedAtCap = false
        reading: while true {
            guard let event = await session.next(before: readDeadline) else {
                if session.isClosed, ended == nil { ended = (.fin, .now()) }
                break
            }
            switch event {
            case .data(let bytes, let at):
                if firstByte == nil { firstByte = at }
                switch framer.feed(bytes) {
                case .complete, .headTooLarge, .unframeable:
                    completedAt = at
                    break reading
                case .needMoreBody where framer.bodyBytes > configuration.maxBodyBytes:
                    completedAt = at
                    stoppedAtCap = true
                    break reading
                default:
                    continue
                }
            case .failure(let failure, let at):
                ended = (failure.kind == .reset ? .reset : .fin, at)
                framer.connectionEnded()
                break reading
            case .closed(let at):
                ended = (.fin, at)
                framer.connectionEnded()
                break reading
            case .tlsHandshakeCompleted, .serverHello, .serverAlert, .timer:
                continue
            }
        }
        if ended != nil, completedAt == nil, framer.state == .complete { completedAt = ended?.at }

        let head = framer.head
        let kept = framer.kept
        let outcome: ResponseCheck.Outcome
        var detail: String
        let received = framer.totalBytes
        switch framer.state {
        case .complete:
            outcome = .complete
            detail =
                "complete response: \(head?.statusLine ?? "?") (\(framer.headLength) head bytes, \(framer.bodyBytes) body bytes)"
            if stoppedAtCap { detail += "; stopped reading at \(configuration.maxBodyBytes) body bytes" }
        case .headTooLarge:
            outcome = .headTooLarge
            detail = "the response head did not end within \(configuration.headLimit) bytes"
        case .unframeable:
            outcome = .unframeable
            detail =
                "the response framing cannot be determined (\(framer.framing?.rawValue ?? "invalid chunked encoding")); stopped reading"
        case .needMoreHead, .needMoreBody:
            if stoppedAtCap {
                outcome = .complete
                detail = "stopped reading after \(framer.bodyBytes) body bytes (limit \(configuration.maxBodyBytes))"
            } else if let ended {
                let how = ended.kind == .reset ? "reset the connection (TCP RST)" : "closed the connection (TCP FIN)"
                if received == 0 {
                    outcome = ended.kind == .reset ? .resetBeforeResponse : .closedBeforeResponse
                    detail =
                        "the target \(how) \(formatSeconds(seconds(ended.at - written))) s after the request, before sending any response byte"
                } else {
                    outcome = ended.kind == .reset ? .resetMidResponse : .closedMidResponse
                    let part =
                        framer.state == .needMoreHead
                        ? "in the middle of the response head" : "in the middle of the body"
                    detail = "the target \(how) \(part) after \(received) bytes"
                    if framer.framing == .contentLength, let length = head?.singleContentLength {
                        detail += " (Content-Length \(length), \(framer.bodyBytes) body bytes received)"
                    }
                }
            } else {
                outcome = .timedOut
                detail =
                    "no complete response within \(formatSeconds(seconds(readDeadline - written))) s (\(received) bytes received); the load balancer would answer 504 after its idle timeout"
            }
        }
        let violations = ResponseValidation.validate(
            bytes: Array(framer.finalResponseBytes),
            bodyTruncated: framer.bodyBytes > framer.keptBodyBytes,
            connectionEnded: ended != nil
        )
        let check = ResponseCheck(
            outcome: outcome,
            request: requestText,
            statusLine: head.map { ByteEscaping.escape(Array($0.statusLine.utf8), limit: 512) },
            statusCode: head?.statusCode,
            httpVersion: head?.httpVersion,
            headBytes: framer.headLength,
            bodyBytes: framer.bodyBytes,
            framing: framer.framing?.rawValue,
            firstByteSeconds: firstByte.map { seconds($0 - written) },
            seconds: seconds((completedAt ?? ended?.at ?? .now()) - written),
            headExcerpt: ByteEscaping.escape(
                framer.headLength > 0 ? kept.prefix(framer.headLength) : kept[...],
                limit: 4096
            ),
            violations: violations,
            connectionClose: head?.closesConnection ?? false,
            keepAliveHeader: head?.keepAliveHeader,
            advertisedKeepAliveTimeout: head?.advertisedKeepAliveTimeout,
            server: head?.values("server").first,
            detail: detail
        )
        let reusable = outcome == .complete && !stoppedAtCap && ended == nil && !(head?.closesConnection ?? true)
        return Exchange(check: check, idleSince: reusable ? completedAt : nil)
    }

    /// Stays idle after a complete response and measures when the target closes the connection.
    static func waitForIdleClose(
        session: WireSession,
        idleSince: NIODeadline,
        isTLS: Bool,
        configuration: ProbeConfiguration,
        deadline: NIODeadline
    ) async -> KeepAliveCheck {
        let waitUntil = min(
            deadline,
            idleSince + .seconds(double: configuration.idleTimeout + configuration.idleMargin)
        )
        var extraBytes = 0
        while true {
            guard let event = await session.next(before: waitUntil) else {
                if session.isClosed {
                    let idle = seconds(.now() - idleSince)
                    return closed(kind: .fin, idle: idle, configuration: configuration, extraBytes: extraBytes)
                }
                let waited = seconds(.now() - idleSince)
                return KeepAliveCheck(
                    outcome: .stayedOpen,
                    waitedSeconds: waited,
                    idleTimeout: configuration.idleTimeout,
                    detail:
                        "the target kept the idle connection open for \(formatSeconds(waited)) s, longer than the load balancer idle timeout of \(formatSeconds(configuration.idleTimeout)) s"
                        + (extraBytes > 0 ? "; it sent \(extraBytes) unexpected bytes while idle" : "")
                )
            }
            switch event {
            case .data(let bytes, _):
                extraBytes += bytes.count
            case .failure(let failure, let at):
                switch failure.kind {
                case .reset:
                    return closed(
                        kind: .reset,
                        idle: seconds(at - idleSince),
                        configuration: configuration,
                        extraBytes: extraBytes
                    )
                case .uncleanTLSShutdown:
                    return closed(
                        kind: .fin,
                        idle: seconds(at - idleSince),
                        configuration: configuration,
                        extraBytes: extraBytes
                    )
                case .tlsHandshake, .other:
                    return closed(
                        kind: .fin,
                        idle: seconds(at - idleSince),
                        configuration: configuration,
                        extraBytes: extraBytes
                    )
                }
            case .closed(let at):
                return closed(
                    kind: isTLS ? .tlsCloseNotify : .fin,
                    idle: seconds(at - idleSince),
                    configuration: configuration,
                    extraBytes: extraBytes
                )
            case .tlsHandshakeCompleted, .serverHello, .serverAlert, .timer:
                continue
            }
        }
    }

    private static func closed(
        kind: KeepAliveCheck.CloseKind,
        idle: Double,
        configuration: ProbeConfiguration,
        extraBytes: Int
    ) -> KeepAliveCheck {
        let how: String
        switch kind {
        case .fin: how = "closed (TCP FIN)"
        case .reset: how = "reset (TCP RST)"
        case .tlsCloseNotify: how = "closed (TLS close_notify + TCP FIN)"
        }
        let comparison =
            idle < configuration.idleTimeout
            ? "sooner than the load balancer idle timeout of \(formatSeconds(configuration.idleTimeout)) s"
            : "after the load balancer idle timeout of \(formatSeconds(configuration.idleTimeout)) s"
        return KeepAliveCheck(
            outcome: .closedByTarget,
            closeKind: kind,
            idleSeconds: idle,
            waitedSeconds: idle,
            idleTimeout: configuration.idleTimeout,
            detail: "the target \(how) the idle keep-alive connection after \(formatSeconds(idle)) s, \(comparison)"
                + (extraBytes > 0 ? "; it sent \(extraBytes) unexpected bytes while idle" : "")
        )
    }
}
