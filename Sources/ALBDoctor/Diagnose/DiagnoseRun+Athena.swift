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
        var runs: [AthenaQueryRun] = []
        do {
            var result = QueryResult(columns: [], rows: [])
            for (name, sql) in queries.statements {
                let (run, rows) = try await runner.run(name: name, sql: sql, before: runs)
                runs.append(run)
                result = rows
            }
            let outcome = try TriageResultAdapter.aggregate(result, seed: options.seed)
            return LogOutcome(
                logs: outcome.logs,
                scan: AthenaTriageReport.scanSummary(outcome, runs: runs),
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
