import ALBAccessLog
import ALBDiagnosis
import ALBReport

/// The health-check and connection logs among `analyze`'s local inputs: told apart from the access logs by
/// object name or line shape (``ALBLogType/of(_:)``), read in a second streaming pass into the bounded
/// aggregates of ``LoadBalancerLogs`` (the connection pass keeps the connections of the access log's 502s).
struct LoadBalancerLogScan: Sendable {
    /// Sources of each type: directories hold all three (each reader picks its objects), files one each.
    var access: [LogSource] = []
    var healthChecks: [LogSource] = []
    var connections: [LogSource] = []

    /// Sorts the local paths by log type: a directory goes to every reader, a file to the type its name or first
    /// line shows (access logs when it shows none, as before), stdin to the access logs.
    init(paths: [String]) throws(LogSourceError) {
        for path in paths {
            let source = LogSource.path(path)
            switch source {
            case .directory:
                access.append(source)
                healthChecks.append(source)
                connections.append(source)
            case .standardInput:
                access.append(source)
            case .file:
                switch try ALBLogType.of([source]) {
                case .healthCheck: healthChecks.append(source)
                case .connection: connections.append(source)
                case .access, nil: access.append(source)
                }
            }
        }
    }

    /// What the second pass read.
    struct Outcome: Sendable {
        var logs: LoadBalancerLogs?
        var read: [AnalysisReport.LogTypeRead]

        /// Folds in what another pass read (the `s3://` inputs after the local ones): the aggregates merged, the
        /// entries of one type added up.
        mutating func merge(_ other: Outcome) {
            guard let next = other.logs else { return }
            var merged = logs ?? LoadBalancerLogs()
            if let checks = next.healthChecks {
                if merged.healthChecks == nil {
                    merged.healthChecks = checks
                } else {
                    merged.healthChecks?.merge(checks)
                }
            }
            if let connections = next.connections {
                if merged.connections == nil {
                    merged.connections = connections
                } else {
                    merged.connections?.merge(connections)
                }
            }
            logs = merged
            for entry in other.read {
                if let index = read.firstIndex(where: { $0.type == entry.type }) {
                    read[index].sources += entry.sources
                    read[index].lines += entry.lines
                    read[index].parsed += entry.parsed
                    read[index].skipped += entry.skipped
                    read[index].errors = Array((read[index].errors + entry.errors).prefix(5))
                } else {
                    read.append(entry)
                }
            }
            read.sort { $0.type == "health-check" && $1.type != "health-check" }
        }
    }

    /// Reads the health-check and connection logs; a type without any object read is left out.
    func scan(window: TimeWindow?, accessLogs: TriageAggregator) async throws(LogSourceError) -> Outcome {
        var logs = LoadBalancerLogs()
        var read: [AnalysisReport.LogTypeRead] = []
        if !healthChecks.isEmpty {
            let result = try await AccessLogScanner().scanHealthCheckLogs(sources: healthChecks, window: window) {
                HealthCheckAggregator()
            }
            if result.statistics.sourcesRead > 0 || result.statistics.sourcesFailed > 0 {
                logs.healthChecks = result.consumer
                read.append(Self.read(.healthCheck, result.statistics))
            }
        }
        if !connections.isEmpty {
            let wanted = Set(accessLogs.connection502Rows.map(\.key))
            let result = try await AccessLogScanner().scanConnectionLogs(sources: connections, window: window) {
                ConnectionAggregator(wantedTraceIDs: wanted)
            }
            if result.statistics.sourcesRead > 0 || result.statistics.sourcesFailed > 0 {
                logs.connections = result.consumer
                read.append(Self.read(.connection, result.statistics))
            }
        }
        return Outcome(logs: read.isEmpty ? nil : logs, read: read)
    }

    /// The report's entry for one type's scan.
    static func read(_ type: ALBLogType, _ s: ParseStatistics) -> AnalysisReport.LogTypeRead {
        AnalysisReport.LogTypeRead(
            type: type.rawValue,
            sources: s.sourcesRead,
            lines: s.linesRead,
            parsed: s.linesParsed,
            skipped: s.linesSkipped,
            errors: Array(s.errors.prefix(5).map(\.description))
        )
    }
}
