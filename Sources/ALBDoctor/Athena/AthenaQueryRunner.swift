import ALBAthena
import AWSClients
import Foundation

/// Runs one statement on Athena: start, poll (with a progress line), read every result page; stops the
/// query when `maxScanBytes` is passed or the task is cancelled (Ctrl-C), and names what was spent.
struct AthenaQueryRunner: Sendable {
    var client: AthenaClient
    var database: String
    var table: String
    var workGroup: String?
    var outputLocation: String?
    var pollInterval: Double
    var maxScanBytes: Int64?
    var progress: ProgressPrinter?

    /// Runs one triage statement and reads its rows.
    func run(
        name: TriageQueries.Name,
        sql: String,
        before: [AthenaQueryRun]
    ) async throws(AthenaError) -> (AthenaQueryRun, QueryResult) {
        let (id, execution) = try await execute(label: name.rawValue, sql: sql, before: before)
        let run = AthenaQueryRun(
            name: name,
            id: id,
            dataScannedInBytes: execution.dataScannedInBytes,
            state: execution.state
        )
        let spentBefore = before.reduce(Int64(0)) { $0 + $1.dataScannedInBytes }
        if let limit = maxScanBytes, spentBefore + execution.dataScannedInBytes > limit {
            throw .scanLimit(limitBytes: limit, spent: spentText(before + [run]))
        }
        do {
            let result = try await client.results(id)
            return (run, QueryResult(columns: result.columns, rows: result.rows))
        } catch {
            throw classify(error, operation: "GetQueryResults", label: name.rawValue)
        }
    }

    /// Starts a statement and polls it until it finished; a state other than `SUCCEEDED` throws.
    func execute(
        label: String,
        sql: String,
        before: [AthenaQueryRun]
    ) async throws(AthenaError) -> (id: String, execution: AthenaQueryExecution) {
        let spentBefore = before.reduce(Int64(0)) { $0 + $1.dataScannedInBytes }
        let id: String
        do {
            id = try await client.startQuery(
                sql,
                database: database,
                workGroup: workGroup,
                outputLocation: outputLocation
            )
        } catch {
            throw classify(error, operation: "StartQueryExecution", label: label)
        }
        let started = Date()
        var execution: AthenaQueryExecution
        while true {
            do {
                execution = try await client.queryExecution(id)
            } catch {
                throw classify(error, operation: "GetQueryExecution", label: label)
            }
            let elapsed = Date().timeIntervalSince(started)
            progress?.step(
                "athena: \(label) \(execution.state.lowercased()), \(Int(elapsed))s, "
                    + "\(AthenaTriageReport.byteText(spentBefore + execution.dataScannedInBytes)) scanned"
            )
            if execution.isFinished { break }
            let current = AthenaQueryRun(
                name: .timeline,
                id: id,
                dataScannedInBytes: execution.dataScannedInBytes,
                state: "CANCELLED"
            )
            if let limit = maxScanBytes, spentBefore + execution.dataScannedInBytes > limit {
                await stop(id)
                throw .scanLimit(limitBytes: limit, spent: spentText(before + [current]))
            }
            do {
                try await Task.sleep(nanoseconds: UInt64(pollInterval * 1_000_000_000))
            } catch {
                await stop(id)
                throw .interrupted(spent: spentText(before + [current]))
            }
        }
        guard execution.state == "SUCCEEDED" else {
            let reason = execution.stateChangeReason ?? "no reason given"
            if AthenaQueryRunner.isMissingTable(reason) { throw .missingTable(table: table, reason: reason) }
            if let action = AthenaQueryRunner.deniedAction(in: reason) {
                throw .accessDenied(action: action, message: reason)
            }
            throw .failed(query: label, id: id, state: execution.state, reason: reason)
        }
        return (id, execution)
    }

    private func stop(_ id: String) async {
        try? await client.stopQuery(id)
    }

    private func spentText(_ runs: [AthenaQueryRun]) -> String {
        let scanned = runs.reduce(Int64(0)) { $0 + $1.dataScannedInBytes }
        return "spent: \(runs.count) queries (\(runs.map(\.id).joined(separator: ", "))), "
            + "\(AthenaTriageReport.byteText(scanned)) scanned, "
            + "\(AthenaTriageReport.dollarText(AthenaTriageReport.cost(runs)))"
    }

    private func classify(_ error: any Error, operation: String, label: String) -> AthenaError {
        if let e = error as? AWSServiceError {
            if AWSServiceError.accessDeniedCodes.contains(e.code) {
                return .accessDenied(
                    action: AthenaQueryRunner.deniedAction(in: e.message) ?? e.refusedIAMAction
                        ?? "athena:\(operation)",
                    message: "\(e.code): \(e.message)"
                )
            }
            if AthenaQueryRunner.isMissingTable(e.message) { return .missingTable(table: table, reason: e.message) }
            return .aws(operation: "\(operation) (\(label))", message: e.description)
        }
        return .aws(operation: "\(operation) (\(label))", message: "\(error)")
    }

    /// Athena's words for a missing table or database.
    static func isMissingTable(_ reason: String) -> Bool {
        let r = reason.lowercased()
        return r.contains("table_not_found") || r.contains("schema_not_found")
            || (r.contains("does not exist") && (r.contains("table") || r.contains("schema") || r.contains("database")))
            || r.contains("entitynotfound")
    }

    /// `… is not authorized to perform: glue:GetTable on resource …` → `glue:GetTable`.
    static func deniedAction(in message: String) -> String? {
        guard let range = message.range(of: "perform: ") else { return nil }
        let action = message[range.upperBound...].prefix { !$0.isWhitespace && $0 != "," && $0 != ";" }
        return action.contains(":") ? String(action) : nil
    }
}
