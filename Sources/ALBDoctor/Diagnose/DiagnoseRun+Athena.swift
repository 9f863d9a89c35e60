import ALBAccessLog
import ALBAthena
import ALBDiagnosis
import AWSClients

extension DiagnoseRun {
    /// `diagnose --engine athena`: the access-log part as the triage statements on Athena, filtered to this
    /// load balancer; a failure becomes missing evidence that names Athena's reason or the IAM action.
    func scanAthena(
        _ engine: AthenaEngine,
        snapshot: LoadBalancerSnapshot,
        core: AWSHTTPClient,
        window: TimeWindow,
        missing: inout [MissingEvidence]
    ) async -> LogOutcome? {
        guard let since = window.since, let until = window.until else { return nil }
        var queries = TriageQueries(table: engine.table, since: since, until: until)
        queries.loadBalancer = EvidenceGatherer.metricDimension(ofLoadBalancerARN: snapshot.arn)
        let runner = AthenaQueryRunner(
            client: AthenaClient(core: core),
            database: engine.table.database,
            table: engine.table.qualifiedName,
            workGroup: engine.workGroup,
            outputLocation: engine.outputLocation,
            pollInterval: engine.pollInterval,
            maxScanBytes: engine.maxScanBytes,
            progress: options.progress
        )
        var results: [TriageQueries.Name: QueryResult] = [:]
        var runs: [AthenaQueryRun] = []
        do {
            for (name, sql) in queries.statements {
                let (run, result) = try await runner.run(name: name, sql: sql, before: runs)
                runs.append(run)
                results[name] = result
            }
            let outcome = try TriageResultAdapter.aggregate(results, seed: options.seed)
            var statistics = ParseStatistics()
            statistics.linesParsed = outcome.linesParsed
            statistics.linesRead = outcome.linesParsed + outcome.linesUnmatched
            statistics.linesSkipped = outcome.linesUnmatched
            statistics.bytesRead = runs.reduce(0) { $0 + $1.dataScannedInBytes }
            return LogOutcome(
                logs: outcome.logs,
                scan: ScanSummary(statistics),
                inputs: [AthenaTriageReport.scopeNote(queries: queries, runs: runs)]
            )
        } catch let error as AthenaError {
            var action: String?
            if case .accessDenied(let a, _) = error { action = a }
            missing.append(
                MissingEvidence(
                    source: .accessLog,
                    what: "access logs through Athena (\(engine.table.qualifiedName))",
                    reason: error.description,
                    iamAction: action,
                    impact: "Which targets, paths and signatures the 502s have is unknown."
                )
            )
            return nil
        } catch {
            missing.append(
                MissingEvidence(
                    source: .accessLog,
                    what: "access logs through Athena (\(engine.table.qualifiedName))",
                    reason: "\(error)",
                    impact: "Which targets, paths and signatures the 502s have is unknown."
                )
            )
            return nil
        }
    }
}
