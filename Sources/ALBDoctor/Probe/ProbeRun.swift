import ALBDiagnosis
import ALBWire
import AWSClients
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
        /// Load balancer idle timeout, seconds (default: read from `loadBalancer`, else 60).
        public var idleTimeout: Double?
        /// Back-end policy name (default `ELBSecurityPolicy-2016-08`).
        public var backendPolicy: String?
        /// Skip the keep-alive wait.
        public var quick = false
        /// TCP connect timeout, seconds (default 10, like the load balancer).
        public var connectTimeout: Double = 10
        /// At most this many targets at once.
        public var concurrency = 8
        /// A load balancer name or ARN whose registered targets, idle timeout and back-end policy are read
        /// through the AWS layer.
        public var loadBalancer: String?
        /// How to reach AWS for `loadBalancer`.
        public var aws = AWSAccessOptions()
        /// The environment AWS settings and credentials are resolved from (the process's by default).
        public var awsEnvironment = AWSEnvironment.process

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
        configuration.idleTimeout = options.idleTimeout ?? 60
        configuration.quick = options.quick
        configuration.connectTimeout = options.connectTimeout
        configuration.handshakeTimeout = max(options.connectTimeout, 1)
        configuration.maxConcurrentTargets = options.concurrency
        if let name = options.backendPolicy { configuration.backendPolicy = try BackendTLSPolicy.named(name) }
        try configuration.validate()
        return configuration
    }

    /// Probes every URL (and every target of ``Options/loadBalancer``) and builds the report. Bad URLs are
    /// listed in ``ProbeReport/failures``.
    ///
    /// - Throws: ``ProbeError`` for invalid options, or the AWS layer's error when the load balancer cannot
    ///   be read (before anything is sent to a target).
    public func run() async throws -> ProbeReport {
        var run = self
        var notes: [String] = []
        if let name = options.loadBalancer {
            let found = try await LoadBalancerTargets.resolve(
                loadBalancer: name,
                access: options.aws,
                environment: options.awsEnvironment
            )
            run.options.urls += found.urls
            if run.options.idleTimeout == nil { run.options.idleTimeout = found.idleTimeout }
            if run.options.backendPolicy == nil { run.options.backendPolicy = found.backendPolicy }
            let count = found.urls.count
            let idle = found.idleTimeout.map { Phrase.seconds($0) + " s" } ?? "not readable (60 s assumed)"
            let idleOverride = options.idleTimeout == nil ? "" : " (overridden by --idle-timeout)"
            let policies =
                found.listenerPolicies.isEmpty
                ? "none (no HTTPS listener)" : found.listenerPolicies.joined(separator: ", ")
            let policyOverride = options.backendPolicy == nil ? "" : " (overridden by --backend-policy)"
            var note = "Load balancer \(found.name): \(count) registered target\(count == 1 ? "" : "s"), "
            note += "idle timeout \(idle)\(idleOverride), listener policies \(policies)"
            note += " → back-end policy \(found.backendPolicy)\(policyOverride)."
            notes.append(note)
            notes += found.skipped.map { "Not probed: \($0)." }
        }
        return try await run.probeAll(notes: notes)
    }

    private func probeAll(notes extraNotes: [String]) async throws(ProbeError) -> ProbeReport {
        let configuration = try configuration()
        let results = await TargetProber(configuration: configuration, logger: logger).probe(urls: options.urls)
        let now = Self.nowMicros()
        var targets: [ProbeReport.Target] = []
        var failures: [ProbeReport.Failure] = []
        for (url, result) in zip(options.urls, results) {
            switch result {
            case .success(let probeResult):
                targets.append(ProbeReport.Target(result: probeResult, observedAtMicros: now))
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
            notes: extraNotes + [
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
