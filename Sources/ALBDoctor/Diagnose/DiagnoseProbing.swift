import ALBDiagnosis
import ALBWire
import PacketCapture

/// `diagnose --probe`: probes the targets the findings point at and merges what the probe sees into the
/// report; without `--probe`, adds to each finding a probe could settle the exact `alb-doctor probe` command.
public struct DiagnoseProbing: Sendable {
    /// Probe the targets (`--probe`); otherwise only suggest commands.
    public var probe: Bool
    /// Skip the keep-alive wait (`--probe-quick`).
    public var quick: Bool
    /// At most this many targets.
    public var maxTargets: Int
    /// At most this many at once.
    public var concurrency: Int
    /// TCP connect timeout, seconds.
    public var connectTimeout: Double
    /// Overrides the load balancer's idle timeout (tests keep it small).
    public var idleTimeout: Double?

    /// Creates the probing step.
    public init(
        probe: Bool,
        quick: Bool = false,
        maxTargets: Int = 5,
        concurrency: Int = 4,
        connectTimeout: Double = 10,
        idleTimeout: Double? = nil
    ) {
        self.probe = probe
        self.quick = quick
        self.maxTargets = maxTargets
        self.concurrency = concurrency
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
    }

    /// The back-end TLS policy the load balancer's HTTPS listeners imply.
    static func backendPolicy(_ lb: LoadBalancerSnapshot?) -> String {
        let policies = (lb?.listeners ?? []).filter { $0.protocol?.uppercased() == "HTTPS" }.compactMap(\.sslPolicy)
        let listenerPolicy =
            policies.first { $0.uppercased().contains("FIPS") } ?? policies.first { $0.uppercased().contains("TLS13") }
        return ELBSecurityPolicy.backEndPolicy(forListenerPolicy: listenerPolicy).name
    }

    /// Applies the step to a finished report.
    public func apply(to report: DiagnoseReport) async -> DiagnoseReport {
        var report = report
        let lb = report.configuration.loadBalancer
        let candidates = ProbeMerge.candidates(targetGroups: report.configuration.targetGroups ?? [])
        let policy = Self.backendPolicy(lb)
        let idle = idleTimeout ?? lb?.idleTimeoutSeconds.map(Double.init)
        guard probe else {
            report.causes = ProbeMerge.addProbeCommands(
                to: report.causes,
                candidates: candidates,
                idleTimeout: idle.map { Int($0.rounded()) },
                backendPolicy: policy
            )
            return report
        }
        let chosen = ProbeMerge.targetsToProbe(findings: report.causes, candidates: candidates, limit: maxTargets)
        guard !chosen.isEmpty else {
            report.gathered.append(
                "probe: nothing probed (\(report.causes.isEmpty ? "no finding" : "no finding a probe can settle")"
                    + (candidates.isEmpty ? ", no registered target with a known address" : "") + ")"
            )
            return report
        }
        var options = ProbeRun.Options(urls: chosen.map(\.url))
        options.idleTimeout = idle
        options.backendPolicy = policy
        options.quick = quick
        options.connectTimeout = connectTimeout
        options.concurrency = concurrency
        do {
            let probed = try await ProbeRun(options: options).run()
            let observations = probed.targets.map(\.result)
            report.causes = ProbeMerge.merge(findings: report.causes, observations: observations)
            var line = "probe: \(observations.count) of \(chosen.count) target\(chosen.count == 1 ? "" : "s") probed"
            line += " from this host (idle timeout \(Phrase.seconds(probed.idleTimeout)) s, \(probed.backendPolicy)"
            line += quick ? ", keep-alive wait skipped)" : ")"
            if !probed.failures.isEmpty {
                line += "; not probed: " + probed.failures.map { "\($0.url) (\($0.message))" }.joined(separator: ", ")
            }
            report.gathered.append(line)
        } catch {
            report.gathered.append("probe: not run (\(error))")
        }
        return report
    }
}
