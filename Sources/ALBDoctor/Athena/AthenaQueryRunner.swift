import ALBAthena
import AWSClients
import Foundation

/// Runs one statement on Athena: start, poll (with a progress line), read every result page; stops the
/// query (`StopQueryExecution`) when `maxScanBytes` is passed or the task is cancelled (Ctrl-C), and names
/// what was spent.
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
            engineMilliseconds: execution.engineExecutionTimeInMillis,
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
            if Task.isCancelled { throw .interrupted(spent: spentText(before + [run])) }
            throw classify(error, operation: "GetQueryResults", label: name.rawValue)
        }
    }

    /// Starts a statement and polls it until it finished; a state other than `SUCCEEDED` throws. Cancelling the
    /// task (Ctrl-C) while the query runs stops it, whatever the poll was doing at that moment.
    func execute(
        label: String,
        sql: String,
        before: [AthenaQueryRun]
    ) async throws(AthenaError) -> (id: String, execution: AthenaQueryExecution) {
        let spentBefore = before.reduce(Int64(0)) { $0 + $1.dataScannedInBytes }
        if Task.isCancelled { throw .interrupted(spent: spentText(before)) }
        let id: String
        do {
            id = try await client.startQuery(
                sql,
                database: database,
                workGroup: workGroup,
                outputLocation: outputLocation
            )
        } catch {
            if Task.isCancelled { throw .interrupted(spent: spentText(before)) }
            throw classify(error, operation: "StartQueryExecution", label: label)
        }
        let started = Date()
        var current = AthenaQueryRun(name: .triage, id: id, dataScannedInBytes: 0, state: "CANCELLED")
        var execution: AthenaQueryExecution
        while true {
            do {
                execution = try await client.queryExecution(id)
            } catch {
                if Task.isCancelled {
                    await stop(id)
                    throw .interrupted(spent: spentText(before + [current]))
                }
                throw classify(error, operation: "GetQueryExecution", label: label)
            }
            current.dataScannedInBytes = execution.dataScannedInBytes
            current.engineMilliseconds = execution.engineExecutionTimeInMillis
            let elapsed = Date().timeIntervalSince(started)
            progress?.step(
                "athena: \(label) \(execution.state.lowercased()), \(Int(elapsed))s, "
                    + "\(Phrase.bytes(spentBefore + execution.dataScannedInBytes)) scanned"
            )
            if execution.isFinished { break }
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

    /// `StopQueryExecution`, sent from a task of its own: the caller's task may be cancelled (Ctrl-C), and a
    /// request made from a cancelled task would be cancelled with it before it reached Athena.
    private func stop(_ id: String) async {
        let client = self.client
        await Task.detached { try? await client.stopQuery(id) }.value
    }

    private func spentText(_ runs: [AthenaQueryRun]) -> String {
        "spent: \(AthenaQueryRun.spentText(runs))"
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
