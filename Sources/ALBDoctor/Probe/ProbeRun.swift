import ALBDiagnosis
import Logging
import TargetProbe

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `alb-doctor probe`: probes target URLs like the load balancer and diagnoses what it sees.
public struct ProbeRun: Sendable {
    /// What to probe and how.
    public struct Options: Sendable, Hashable {
        /// Target URLs (`http://10.0.3.17:8080/health`, `https://…`).
        public var urls: [String]
        /// Load balancer idle timeout, seconds (default 60).
        public var idleTimeout: Double = 60
        /// Back-end policy name (default `ELBSecurityPolicy-2016-08`).
        public var backendPolicy: String?
        /// Skip the keep-alive wait.
        public var quick = false
        /// TCP connect timeout, seconds (default 10, like the load balancer).
        public var connectTimeout: Double = 10
        /// At most this many targets at once.
        public var concurrency = 8

        public init(urls: [String]) {
            self.urls = urls
        }
    }

    public var options: Options
    private let logger: Logger

    public init(options: Options, logger: Logger = Logger(label: "alb-doctor.probe")) {
        self.options = options
        self.logger = logger
    }

    /// The probe configuration for the options.
    ///
    /// - Throws: ``ProbeError`` for an unknown policy or an out-of-range value.
    public func configuration() throws(ProbeError) -> ProbeConfiguration {
        var configuration = ProbeConfiguration()
        configuration.idleTimeout = options.idleTimeout
        configuration.quick = options.quick
        configuration.connectTimeout = options.connectTimeout
        configuration.handshakeTimeout = max(options.connectTimeout, 1)
        configuration.maxConcurrentTargets = options.concurrency
        if let name = options.backendPolicy { configuration.backendPolicy = try BackendTLSPolicy.named(name) }
        try configuration.validate()
        return configuration
    }

    /// Probes every URL and builds the report. Bad URLs are listed in ``ProbeReport/failures``.
    ///
    /// - Throws: ``ProbeError`` only for invalid options (before anything is sent).
    public func run() async throws(ProbeError) -> ProbeReport {
        let configuration = try configuration()
        let results = await TargetProber(configuration: configuration, logger: logger).probe(urls: options.urls)
        let now = Self.nowMicros()
        var targets: [ProbeReport.Target] = []
        var failures: [ProbeReport.Failure] = []
        for (url, result) in zip(options.urls, results) {
            switch result {
            case .success(let probeResult):
                let observation = ProbeObservation(probeResult, observedAtMicros: now)
                targets.append(
                    ProbeReport.Target(
                        observation: observation,
                        findings: ProbeRules.findings(for: observation),
                        durationSeconds: probeResult.duration
                    )
                )
            case .failure(let error):
                failures.append(ProbeReport.Failure(url: url, code: error.code, message: error.description))
            }
        }
        return ProbeReport(
            idleTimeout: configuration.idleTimeout,
            backendPolicy: configuration.backendPolicy.name,
            quick: configuration.quick,
            targets: targets,
            failures: failures,
            notes: [
                "The probe reaches the targets from this host: run it where the load balancer's traffic comes from (an instance in the load balancer's subnets or with its security group, a bastion in the VPC, or the target itself) so that connect results mean the same for the load balancer."
            ]
        )
    }

    static func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec / 1000)
    }
}
