import ALBWire
import NIOCore
import NIOPosix
import NIOSSL

/// TLS handshakes against a target, offering what the load balancer's back-end policy offers.
///
/// Certificates are never validated (the load balancer does not validate target certificates).
/// BoringSSL limits: TLS 1.3 suites cannot be chosen (all three are always offered) and the CBC suites with
/// SHA-256/384 MACs other than `ECDHE-*-AES128-SHA256` cannot be offered at all.
enum TLSProbe {
    /// A client TLS configuration for the probe.
    static func configuration(
        minimum: TLSProtocolVersion,
        maximum: TLSProtocolVersion,
        suites: [String]?
    ) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        configuration.minimumTLSVersion = minimum.nioVersion
        configuration.maximumTLSVersion = maximum.nioVersion
        if let suites, !suites.isEmpty { configuration.cipherSuites = suites.joined(separator: ":") }
        configuration.shutdownTimeout = .milliseconds(300)
        configuration.renegotiationSupport = .once
        return configuration
    }

    /// The configuration offering exactly the policy (minus suites BoringSSL lacks).
    static func policyConfiguration(_ policy: BackendTLSPolicy) -> TLSConfiguration {
        configuration(
            minimum: policy.versions.first ?? .tls12,
            maximum: policy.versions.last ?? .tls12,
            suites: policy.testableSuites
        )
    }

    /// The server name to send: the host when it is a name (NIOSSL sends no SNI for IP addresses).
    static func serverName(for target: ProbeTarget) -> String? {
        target.hostIsIPAddress ? nil : target.host
    }

    /// Reads TLS events until the handshake completes or fails; fills an attempt.
    static func awaitHandshake(
        session: WireSession,
        offered: String,
        started: NIODeadline,
        deadline: NIODeadline
    ) async -> HandshakeAttempt {
        var version: TLSProtocolVersion?
        var suite: String?
        var alert: String?
        while true {
            guard let event = await session.next(before: deadline) else {
                let timedOut = !session.isClosed
                return HandshakeAttempt(
                    offered: offered,
                    accepted: false,
                    version: version,
                    cipherSuite: suite,
                    alert: alert,
                    error: timedOut
                        ? "no handshake within \(formatSeconds(seconds(deadline - started))) s" : "connection closed",
                    seconds: seconds(.now() - started)
                )
            }
            switch event {
            case .serverHello(let wireVersion, let code):
                version = TLSProtocolVersion(wireValue: wireVersion)
                suite = TLSCipherSuite.describe(code: code).openSSLName
            case .serverAlert(_, let description):
                alert = TLSAlert(level: 2, code: description).name
            case .tlsHandshakeCompleted(let at):
                return HandshakeAttempt(
                    offered: offered,
                    accepted: true,
                    version: version,
                    cipherSuite: suite,
                    seconds: seconds(at - started)
                )
            case .failure(let failure, let at):
                let text: String
                switch failure.kind {
                case .reset: text = "connection reset by the target (TCP RST) during the handshake"
                case .uncleanTLSShutdown: text = "the target closed the connection (TCP FIN) during the handshake"
                case .tlsHandshake, .other: text = failure.message
                }
                return HandshakeAttempt(
                    offered: offered,
                    accepted: false,
                    version: version,
                    cipherSuite: suite,
                    alert: alert,
                    error: text,
                    seconds: seconds(at - started)
                )
            case .closed(let at):
                return HandshakeAttempt(
                    offered: offered,
                    accepted: false,
                    version: version,
                    cipherSuite: suite,
                    alert: alert,
                    error: "the target closed the connection during the handshake",
                    seconds: seconds(at - started)
                )
            case .data, .timer:
                continue
            }
        }
    }

    /// The certificate of the peer on a session whose handshake completed.
    static func certificate(of session: WireSession) async -> CertificateSummary? {
        try? await session.channel.pipeline.handler(type: NIOSSLHandler.self).map { handler in
            handler.peerCertificate.map(CertificateSummary.init)
        }.get()
    }

    /// One handshake on a fresh connection, then close.
    static func handshake(
        address: SocketAddress,
        serverName: String?,
        configuration: TLSConfiguration,
        offered: String,
        timeout: Double
    ) async -> HandshakeAttempt {
        let started = NIODeadline.now()
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            return HandshakeAttempt(
                offered: offered,
                accepted: false,
                error: "cannot be offered by BoringSSL: \(error)",
                seconds: 0
            )
        }
        let deadline = started + .nanoseconds(Int64(timeout * 1e9))
        switch await WireSession.connect(
            to: address,
            timeout: TimeAmount.nanoseconds(Int64(timeout * 1e9)),
            tls: context,
            serverName: serverName
        ) {
        case .failure(let failure):
            return HandshakeAttempt(
                offered: offered,
                accepted: false,
                error: "TCP connect failed: \(failure)",
                seconds: seconds(.now() - started)
            )
        case .success(let session):
            let attempt = await awaitHandshake(session: session, offered: offered, started: started, deadline: deadline)
            await session.close()
            return attempt
        }
    }

    /// Per-version and per-suite handshakes, at most `concurrency` at once.
    static func enumerate(
        address: SocketAddress,
        serverName: String?,
        policy: BackendTLSPolicy,
        timeout: Double,
        concurrency: Int,
        deadline: NIODeadline
    ) async -> (versions: [HandshakeAttempt], suites: [HandshakeAttempt]) {
        var jobs: [(kind: Int, offered: String, configuration: TLSConfiguration)] = []
        let allSuites = BackendTLSPolicy.boringSSLSuites.sorted()
        for version in TLSProtocolVersion.allCases {
            jobs.append((0, version.rawValue, configuration(minimum: version, maximum: version, suites: allSuites)))
        }
        var suiteNames = policy.testableSuites
        for extra in BackendTLSPolicy.extraProbeSuites where !suiteNames.contains(extra) { suiteNames.append(extra) }
        for suite in suiteNames {
            jobs.append((1, suite, configuration(minimum: .tls10, maximum: .tls12, suites: [suite])))
        }
        var results = [HandshakeAttempt?](repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, HandshakeAttempt).self) { group in
            var next = 0
            func add(_ group: inout TaskGroup<(Int, HandshakeAttempt)>) {
                guard next < jobs.count else { return }
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask {
                    // Each handshake stays within the probe's time budget.
                    let remaining = min(timeout, seconds(deadline - .now()))
                    guard remaining > 0.05 else {
                        let skipped = HandshakeAttempt(
                            offered: job.offered,
                            accepted: false,
                            error: "not attempted: the probe's time budget is used up",
                            seconds: 0
                        )
                        return (index, skipped)
                    }
                    let attempt = await handshake(
                        address: address,
                        serverName: serverName,
                        configuration: job.configuration,
                        offered: job.offered,
                        timeout: remaining
                    )
                    return (index, attempt)
                }
            }
            for _ in 0..<max(1, concurrency) { add(&group) }
            while let (index, attempt) = await group.next() {
                results[index] = attempt
                add(&group)
            }
        }
        var versions: [HandshakeAttempt] = []
        var suites: [HandshakeAttempt] = []
        for (index, job) in jobs.enumerated() {
            guard let attempt = results[index] else { continue }
            if job.kind == 0 { versions.append(attempt) } else { suites.append(attempt) }
        }
        return (versions, suites)
    }
}

/// Seconds in a `TimeAmount`, as a `Double`.
func seconds(_ amount: TimeAmount) -> Double { Double(amount.nanoseconds) / 1e9 }

extension TimeAmount {
    static func seconds(double value: Double) -> TimeAmount { .nanoseconds(Int64(max(0, value) * 1e9)) }
}
