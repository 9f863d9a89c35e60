import ALBWire
import Logging
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

/// Probes targets the way an Application Load Balancer talks to them: TCP connect, back-end TLS, one ALB-shaped
/// request, then an idle wait to measure the target's keep-alive timeout.
///
/// ```swift
/// var configuration = ProbeConfiguration()
/// configuration.idleTimeout = 60
/// let results = await TargetProber(configuration: configuration).probe(urls: ["http://10.0.3.17:8080/health"])
/// ```
public struct TargetProber: Sendable {
    /// The configuration every probe uses.
    public var configuration: ProbeConfiguration
    private let logger: Logger

    /// Creates a prober; the logger receives `debug` messages only.
    public init(
        configuration: ProbeConfiguration = ProbeConfiguration(),
        logger: Logger = Logger(label: "alb-doctor.probe")
    ) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Probes every URL, at most ``ProbeConfiguration/maxConcurrentTargets`` at once; results keep the input order.
    public func probe(urls: [String]) async -> [Result<ProbeResult, ProbeError>] {
        var results = [Result<ProbeResult, ProbeError>?](repeating: nil, count: urls.count)
        await withTaskGroup(of: (Int, Result<ProbeResult, ProbeError>).self) { group in
            var next = 0
            func add(_ group: inout TaskGroup<(Int, Result<ProbeResult, ProbeError>)>) {
                guard next < urls.count else { return }
                let index = next
                let url = urls[index]
                next += 1
                group.addTask {
                    do throws(ProbeError) {
                        let target = try ProbeTarget.parse(url)
                        return (index, .success(try await probe(target)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, configuration.maxConcurrentTargets) { add(&group) }
            while let (index, result) = await group.next() {
                results[index] = result
                add(&group)
            }
        }
        return results.map { $0 ?? .failure(.invalidConfiguration(field: "probe", value: "", expected: "a result")) }
    }

    /// Resolves the target's host to the address to connect to.
    ///
    /// - Throws: ``ProbeError/nameDidNotResolve(host:detail:)``.
    public static func resolve(_ target: ProbeTarget) async throws(ProbeError) -> SocketAddress {
        if target.hostIsIPAddress {
            do {
                return try SocketAddress(ipAddress: target.host, port: target.port)
            } catch {
                throw .nameDidNotResolve(host: target.host, detail: "'\(target.host)' is not a valid IP address")
            }
        }
        let host = target.host
        let port = target.port
        do {
            return try await NIOThreadPool.singleton.runIfActive {
                try SocketAddress.makeAddressResolvingHost(host, port: port)
            }
        } catch {
            throw .nameDidNotResolve(host: host, detail: "\(error)")
        }
    }

    /// Probes one target. Ends within ``ProbeConfiguration/budget`` seconds.
    ///
    /// - Throws: ``ProbeError`` for a name that does not resolve or an invalid configuration; everything that
    ///   happens on the wire is reported in the result instead.
    public func probe(_ target: ProbeTarget) async throws(ProbeError) -> ProbeResult {
        try configuration.validate()
        let started = NIODeadline.now()
        let deadline = started + .seconds(double: configuration.budget)
        let address = try await Self.resolve(target)
        logger.debug("probing \(target.url) at \(address)")
        var result = ProbeResult(
            target: target,
            address: Self.describe(address),
            idleTimeout: configuration.idleTimeout,
            connect: ConnectCheck(outcome: .failed, seconds: 0, timeout: configuration.connectTimeout, detail: "")
        )
        var limitations: [String] = []

        let isTLS = target.scheme == .https
        var tlsContext: NIOSSLContext?
        if isTLS {
            if !configuration.backendPolicy.untestableSuites.isEmpty {
                limitations.append(
                    "BoringSSL cannot offer \(configuration.backendPolicy.untestableSuites.joined(separator: ", ")) of \(configuration.backendPolicy.name); a target that accepts only those would look incompatible here"
                )
            }
            limitations.append(
                "TLS 1.3 suites cannot be chosen one by one (BoringSSL always offers all three); the load balancer's key-exchange groups, signature algorithms and SNI behaviour towards targets are not documented and not reproduced"
            )
            do {
                tlsContext = try NIOSSLContext(configuration: TLSProbe.policyConfiguration(configuration.backendPolicy))
            } catch {
                limitations.append("the back-end policy could not be configured in BoringSSL: \(error)")
            }
        }

        // 1. TCP connect (and TLS) like the load balancer.
        let connectStarted = NIODeadline.now()
        let connectTimeout = min(configuration.connectTimeout, max(0.05, seconds(deadline - connectStarted)))
        let session: WireSession
        switch await WireSession.connect(
            to: address,
            timeout: TimeAmount.seconds(double: connectTimeout),
            tls: tlsContext,
            serverName: TLSProbe.serverName(for: target)
        ) {
        case .failure(let failure):
            result.connect = Self.connectCheck(
                failure,
                seconds: seconds(.now() - connectStarted),
                timeout: connectTimeout
            )
            result.limitations = limitations
            result.duration = seconds(.now() - started)
            return result
        case .success(let opened):
            session = opened
            result.connect = ConnectCheck(
                outcome: .connected,
                seconds: seconds(opened.connectedAt - connectStarted),
                timeout: connectTimeout,
                detail:
                    "TCP connection established in \(formatMilliseconds(seconds(opened.connectedAt - connectStarted)))"
            )
        }

        let serverName = TLSProbe.serverName(for: target)
        let enumerationTimeout = min(configuration.handshakeTimeout, 5)
        if isTLS {
            let handshakeStarted = session.connectedAt
            let handshakeDeadline = min(deadline, handshakeStarted + .seconds(double: configuration.handshakeTimeout))
            var attempt = await TLSProbe.awaitHandshake(
                session: session,
                offered: configuration.backendPolicy.name,
                started: handshakeStarted,
                deadline: handshakeDeadline
            )
            if tlsContext == nil { attempt.error = "not attempted: the policy could not be configured" }
            var check = TLSCheck(policy: configuration.backendPolicy, policyHandshake: attempt)
            if attempt.accepted {
                check.certificate = await TLSProbe.certificate(of: session)
            } else {
                await session.close()
                if configuration.enumerateTLS {
                    let found = await TLSProbe.enumerate(
                        address: address,
                        serverName: serverName,
                        policy: configuration.backendPolicy,
                        timeout: enumerationTimeout,
                        concurrency: configuration.maxConcurrentHandshakes,
                        deadline: deadline
                    )
                    check.versions = found.versions
                    check.suites = found.suites
                    check.certificate = await firstCertificate(
                        address: address,
                        serverName: serverName,
                        check: check,
                        deadline: deadline
                    )
                }
                result.tls = check
                result.limitations = limitations
                result.duration = seconds(.now() - started)
                return result
            }
            result.tls = check
        }

        // 2. One ALB-shaped request; the raw response goes to the shared validator.
        let exchange = await HTTPProbe.exchange(
            session: session,
            target: target,
            configuration: configuration,
            epochSeconds: Self.epochSeconds(),
            deadline: deadline
        )
        result.response = exchange.check

        // 3. Keep-alive: stay idle and measure when the target closes (while the TLS enumeration runs).
        async let enumeration: (versions: [HandshakeAttempt], suites: [HandshakeAttempt])? =
            isTLS && configuration.enumerateTLS
            ? TLSProbe.enumerate(
                address: address,
                serverName: serverName,
                policy: configuration.backendPolicy,
                timeout: enumerationTimeout,
                concurrency: configuration.maxConcurrentHandshakes,
                deadline: deadline
            ) : nil
        if exchange.check.outcome == .complete {
            if let idleSince = exchange.idleSince {
                if configuration.quick {
                    result.keepAlive = KeepAliveCheck(
                        outcome: .skipped,
                        waitedSeconds: 0,
                        idleTimeout: configuration.idleTimeout,
                        detail: "not measured (--quick)"
                            + (exchange.check.advertisedKeepAliveTimeout.map {
                                "; the target advertises Keep-Alive: timeout=\($0)"
                            } ?? "")
                    )
                } else {
                    result.keepAlive = await HTTPProbe.waitForIdleClose(
                        session: session,
                        idleSince: idleSince,
                        isTLS: isTLS,
                        configuration: configuration,
                        deadline: deadline
                    )
                }
            } else {
                let reason =
                    exchange.check.connectionClose
                    ? "the response says the connection will not be reused (\(exchange.check.httpVersion == "1.0" ? "HTTP/1.0 without keep-alive" : "Connection: close")); the load balancer opens a new connection for the next request"
                    : "the connection ended with the response; the load balancer does not reuse it"
                result.keepAlive = KeepAliveCheck(
                    outcome: .notReusable,
                    waitedSeconds: 0,
                    idleTimeout: configuration.idleTimeout,
                    detail: reason
                )
            }
        }
        await session.close()
        if let found = await enumeration {
            result.tls?.versions = found.versions
            result.tls?.suites = found.suites
        }
        result.limitations = limitations
        result.duration = seconds(.now() - started)
        return result
    }

    private func firstCertificate(
        address: SocketAddress,
        serverName: String?,
        check: TLSCheck,
        deadline: NIODeadline
    ) async
        -> CertificateSummary?
    {
        guard check.versions.contains(where: \.accepted) || check.suites.contains(where: \.accepted) else { return nil }
        let attempt = check.versions.first(where: \.accepted).flatMap { TLSProtocolVersion(name: $0.offered) }
        let configuration: TLSConfiguration
        if let version = attempt {
            configuration = TLSProbe.configuration(
                minimum: version,
                maximum: version,
                suites: BackendTLSPolicy.boringSSLSuites.sorted()
            )
        } else if let suite = check.suites.first(where: \.accepted)?.offered {
            configuration = TLSProbe.configuration(minimum: .tls10, maximum: .tls12, suites: [suite])
        } else {
            return nil
        }
        let remaining = min(self.configuration.handshakeTimeout, 5, seconds(deadline - .now()))
        guard remaining > 0.05, let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        guard
            case .success(let session) = await WireSession.connect(
                to: address,
                timeout: TimeAmount.seconds(double: remaining),
                tls: context,
                serverName: serverName
            )
        else { return nil }
        let started = NIODeadline.now()
        let handshake = await TLSProbe.awaitHandshake(
            session: session,
            offered: "certificate",
            started: started,
            deadline: started + .seconds(double: remaining)
        )
        let certificate = handshake.accepted ? await TLSProbe.certificate(of: session) : nil
        await session.close()
        return certificate
    }

    static func connectCheck(_ failure: WireSession.ConnectFailure, seconds elapsed: Double, timeout: Double)
        -> ConnectCheck
    {
        switch failure {
        case .refused(let errno):
            ConnectCheck(
                outcome: .refused,
                seconds: elapsed,
                timeout: timeout,
                errno: errno,
                detail:
                    "connection refused (TCP RST in answer to the SYN, ECONNREFUSED) after \(formatMilliseconds(elapsed)): nothing listens on this port"
            )
        case .unreachable(let errno, let message):
            ConnectCheck(
                outcome: .unreachable,
                seconds: elapsed,
                timeout: timeout,
                errno: errno,
                detail:
                    "\(errno == ENETUNREACH || errno == ENETDOWN ? "network" : "host") unreachable (ICMP) after \(formatMilliseconds(elapsed)): \(message)"
            )
        case .timedOut:
            ConnectCheck(
                outcome: .timedOut,
                seconds: elapsed,
                timeout: timeout,
                errno: ETIMEDOUT,
                detail: "no answer to the SYN within \(formatSeconds(timeout)) s (connect timed out)"
            )
        case .other(let errno, let message):
            ConnectCheck(
                outcome: .failed,
                seconds: elapsed,
                timeout: timeout,
                errno: errno,
                detail: "connect failed after \(formatMilliseconds(elapsed)): \(message)"
            )
        }
    }

    static func describe(_ address: SocketAddress) -> String {
        let ip = address.ipAddress ?? "\(address)"
        let port = address.port ?? 0
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    static func epochSeconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }
}

/// `12.3 ms` or `1.25 s`.
func formatMilliseconds(_ value: Double) -> String {
    value < 1 ? "\(formatSeconds(value * 1000)) ms" : "\(formatSeconds(value)) s"
}
