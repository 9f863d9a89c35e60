import ALBAccessLog
import ALBDiagnosis
import ALBReport
import AWSClients
import Foundation

/// The health-check and connection logs of the window, from where the load balancer's attributes
/// (`health_check_logs.s3.*`, `connection_logs.s3.*`) say it delivers them: listed and read with the access logs'
/// code (the day prefixes, the window and load-balancer pruning, the ordered streaming merge), then joined with the
/// access logs as `analyze` joins them (``LoadBalancerLogs``). A type that is disabled, or cannot be listed or
/// read, is missing evidence naming the attribute or the permission that would add it.
extension DiagnoseRun {
    // MARK: Health-check and connection logs

    /// One of the two types: its log type, attribute key and how it is named.
    struct LoadBalancerLogType: Sendable {
        var type: ALBLogType
        /// `health_check_logs`, `connection_logs`.
        var attribute: String
        var source: Evidence.Source
        /// `health-check logs`.
        var name: String
        /// What the diagnosis loses without them.
        var impact: String

        static let healthCheck = LoadBalancerLogType(
            type: .healthCheck,
            attribute: "health_check_logs",
            source: .healthCheckLog,
            name: "health-check logs",
            impact:
                "Whether the load balancer's own health checks failed on the 502s' targets in the same minutes (ConnectionReset, TimedOut, TargetError) is unknown, so refused, unreachable, TLS and application causes rest on the access logs and metrics alone."
        )
        static let connection = LoadBalancerLogType(
            type: .connection,
            attribute: "connection_logs",
            source: .connectionLog,
            name: "connection logs",
            impact:
                "Client TLS and mTLS failures (they never reach the access log) and how many 502s shared one client connection are unknown."
        )
    }

    /// Reads the types the snapshot enables into `outcome` (the access logs already read), adding a missing-evidence
    /// entry for each type that is disabled or cannot be read. `saveTo`: download them there first and read the
    /// copies, as the access logs are.
    func scanLoadBalancerLogs(
        into outcome: inout LogOutcome,
        snapshot: LoadBalancerSnapshot,
        core: AWSHTTPClient,
        region: String,
        start: Date,
        end: Date,
        window: TimeWindow,
        saveTo: URL?,
        missing: inout [MissingEvidence]
    ) async {
        let client = S3Client(core: core)
        var logs = LoadBalancerLogs()
        var read: [AnalysisReport.LogTypeRead] = []
        var saved = false
        for (kind, destination) in [
            (LoadBalancerLogType.healthCheck, snapshot.healthCheckLogs),
            (LoadBalancerLogType.connection, snapshot.connectionLogs),
        ] {
            // Attributes not read: their own missing-evidence entry already says so.
            guard let destination else { continue }
            guard destination.enabled, let bucket = destination.bucket else {
                missing.append(Self.disabled(kind, destination: destination, loadBalancer: snapshot.name))
                continue
            }
            let prefixes = Self.logPrefixes(
                snapshot: snapshot,
                base: destination.prefix ?? "",
                region: region,
                start: start,
                end: end
            )
            let listed: LogListing
            do {
                options.progress?.step("\(kind.name): listing s3://\(bucket)/\(prefixes.first ?? "")…")
                listed = try await list(
                    kind.type,
                    client: client,
                    bucket: bucket,
                    prefixes: prefixes,
                    snapshot: snapshot,
                    window: window
                )
            } catch {
                missing.append(
                    EvidenceGatherer.missing(
                        error,
                        source: kind.source,
                        what: "\(kind.name) in s3://\(bucket)/\(prefixes.first ?? "")",
                        action: "s3:ListBucket",
                        impact: kind.impact
                    )
                )
                continue
            }
            guard !listed.objects.isEmpty else {
                missing.append(
                    MissingEvidence(
                        source: kind.source,
                        what: "\(kind.name) in the window",
                        reason:
                            "no \(kind.type.objectNamePrefix ?? "")… object of \(snapshot.name) in s3://\(bucket)/\(prefixes.first ?? "")\(prefixes.count > 1 ? " (and \(prefixes.count - 1) more day prefixes)" : "") ends in the window",
                        impact: kind.impact
                            + " ALB delivers them every 5 minutes, so the last minutes may not be there yet."
                    )
                )
                continue
            }
            if let saveTo {
                do {
                    try await download(listed.objects, client: client, bucket: bucket, to: saveTo)
                    saved = true
                    outcome.inputs.append(
                        "s3://\(bucket)/\(prefixes.first ?? "") (\(kind.name), saved to \(saveTo.path))"
                    )
                } catch {
                    missing.append(
                        EvidenceGatherer.missing(
                            error,
                            source: kind.source,
                            what: "\(kind.name) in s3://\(bucket) (saving them to \(saveTo.path))",
                            action: "s3:GetObject",
                            impact: kind.impact
                        )
                    )
                }
                continue
            }
            let reader = S3LogSource(
                client: client,
                bucket: bucket,
                concurrency: options.s3Concurrency,
                logType: kind.type
            )
            let statistics: ParseStatistics
            let failures: [(key: String, error: any Error)]
            switch kind.type {
            case .healthCheck:
                let scanned = await reader.scanHealthCheckLogs(objects: listed.objects, window: window) {
                    HealthCheckAggregator()
                }
                logs.healthChecks = scanned.result.consumer
                (statistics, failures) = (scanned.result.statistics, scanned.failures)
            default:
                let wanted = Set(outcome.logs.connection502Rows.map(\.key))
                let scanned = await reader.scanConnectionLogs(objects: listed.objects, window: window) {
                    ConnectionAggregator(wantedTraceIDs: wanted)
                }
                logs.connections = scanned.result.consumer
                (statistics, failures) = (scanned.result.statistics, scanned.failures)
            }
            if let failure = failures.first {
                missing.append(
                    EvidenceGatherer.missing(
                        failure.error,
                        source: kind.source,
                        what: "\(failures.count) of \(listed.objects.count) \(kind.name) objects in s3://\(bucket)",
                        action: "s3:GetObject",
                        impact: "The \(kind.name) cover only the objects that could be read."
                    )
                )
            }
            read.append(LoadBalancerLogScan.read(kind.type, statistics))
            outcome.inputs.append("s3://\(bucket)/\(prefixes.first ?? "") (\(kind.name))")
        }
        if saved, let saveTo {
            // The copies, read as `analyze` reads a directory: exactly what the saved bundle replays.
            do {
                let local = try await LoadBalancerLogScan(paths: [saveTo.path]).scan(
                    window: window,
                    accessLogs: outcome.logs
                )
                if let healthChecks = local.logs?.healthChecks { logs.healthChecks = healthChecks }
                if let connections = local.logs?.connections { logs.connections = connections }
                read += local.read
            } catch {
                missing.append(
                    MissingEvidence(
                        source: .healthCheckLog,
                        what: "health-check and connection logs saved to \(saveTo.path)",
                        reason: "\(error)",
                        impact: LoadBalancerLogType.healthCheck.impact
                    )
                )
            }
        }
        guard !read.isEmpty else { return }
        outcome.loadBalancerLogs = logs
        outcome.otherLogs = read
    }

    /// The entry for a type the load balancer does not deliver: the attribute that enables it.
    static func disabled(
        _ kind: LoadBalancerLogType,
        destination: LogDestination,
        loadBalancer: String
    ) -> MissingEvidence {
        let reason =
            destination.enabled
            ? "\(kind.name) are enabled on \(loadBalancer) but \(kind.attribute).s3.bucket is empty"
            : "\(kind.name) are disabled on \(loadBalancer) (\(kind.attribute).s3.enabled is false)"
        return MissingEvidence(
            source: kind.source,
            what: kind.name,
            reason: reason,
            impact:
                "\(kind.impact) Enable them with the load balancer attributes \(kind.attribute).s3.enabled=true and \(kind.attribute).s3.bucket (and \(kind.attribute).s3.prefix); they cover new traffic only."
        )
    }
}
