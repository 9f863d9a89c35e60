import ALBAthena
import ALBDoctor
import Foundation
import MCP

extension ToolRunner {
    /// `diagnose_load_balancer`: `alb-doctor diagnose --load-balancer NAME --format json` (no probe).
    func diagnose(_ arguments: ToolArguments, context: ToolCallContext) async throws(ToolError) -> CallTool.Result {
        let tool = arguments.tool
        var options = DiagnoseRun.Options(loadBalancer: try arguments.requiredString("load_balancer"))
        options.since = try arguments.string("since")
        options.start = try arguments.string("start")
        options.end = try arguments.string("end")
        if options.since != nil && (options.start != nil || options.end != nil) {
            throw .argument(tool, "give either since, or start (and end), not both")
        }
        options.logs = try arguments.strings("logs")
        options.kubePods = try arguments.strings("kube_pods")
        let pcaps = try arguments.strings("pcaps")
        try context.paths.check(options.logs + options.kubePods + pcaps, tool: tool)
        options.aws = try ToolRunner.access(arguments)
        options.status = try ToolRunner.status(arguments)
        options.progress = context.progress?.printer
        var extra: [String] = []
        switch try arguments.string("engine") ?? "local" {
        case "local":
            break
        case "athena":
            guard configuration.allowAthena else {
                throw .argument(
                    tool,
                    "refused: engine=athena runs SQL on Amazon Athena, which bills per byte scanned (USD 5 per TB in most regions); this server was started without --allow-athena"
                )
            }
            guard let gigabytes = try arguments.double("athena_max_scan_gb"), gigabytes > 0 else {
                throw .argument(tool, "engine=athena needs athena_max_scan_gb (the cost cap, in GB scanned)")
            }
            guard options.logs.isEmpty else {
                throw .argument(tool, "engine=athena queries the table over the log bucket; it takes no logs")
            }
            options.athena = AthenaEngine(
                table: AccessLogTable(
                    database: try arguments.string("athena_database") ?? "default",
                    table: try arguments.string("athena_table") ?? "alb_access_logs"
                ),
                workGroup: try arguments.string("athena_workgroup"),
                outputLocation: try arguments.string("athena_output_location"),
                maxScanBytes: Int64(gigabytes * 1e9)
            )
            extra.append(
                "Cost: the Athena queries were capped at \(gigabytes) GB scanned (about USD \(String(format: "%.4f", gigabytes / 1000 * 5)) at USD 5 per TB)."
            )
        case let other:
            throw .argument(tool, "argument 'engine' must be local or athena, not \(other)")
        }
        let report: DiagnoseReport
        do {
            report = try await DiagnoseRun(options: options).run(probing: DiagnoseProbing(probe: false), pcaps: pcaps)
        } catch {
            throw .engine(error)
        }
        if !report.missingEvidence.isEmpty {
            extra.append("Missing evidence (listed, not fatal; `iam_policy` gives the whole policy):")
            for missing in report.missingEvidence.prefix(8) {
                let action = missing.iamAction.map { " (IAM \($0))" } ?? ""
                extra.append("- \(missing.what): \(missing.reason)\(action)")
            }
            if report.missingEvidence.count > 8 { extra.append("… \(report.missingEvidence.count - 8) more.") }
        }
        return try ToolRunner.report(report, extra: extra)
    }

    /// `probe_target`: `alb-doctor probe URLS --format json`, only with `--allow-probes`.
    func probe(_ arguments: ToolArguments) async throws(ToolError) -> CallTool.Result {
        let tool = arguments.tool
        guard configuration.allowProbes else {
            throw .argument(
                tool,
                "refused: probe_target sends live connections and GET requests to the targets; this server was started without --allow-probes"
            )
        }
        var options = ProbeRun.Options(urls: try arguments.strings("urls"))
        options.loadBalancer = try arguments.string("load_balancer")
        guard !options.urls.isEmpty || options.loadBalancer != nil else {
            throw .argument(tool, "give at least one target URL in 'urls', or 'load_balancer'")
        }
        options.idleTimeout = try arguments.double("idle_timeout")
        options.backendPolicy = try arguments.string("backend_policy")
        options.quick = try arguments.bool("quick", default: true)
        options.connectTimeout = try arguments.double("connect_timeout") ?? 10
        options.aws = try ToolRunner.access(arguments)
        let report: ProbeReport
        do {
            report = try await ProbeRun(options: options).run()
        } catch {
            throw .engine(error)
        }
        var extra = report.failures.prefix(8).map { "Not probed: \($0.url): \($0.message)" }
        extra.append(
            "Cost: one connection and one GET per target\(options.quick ? "" : ", plus the keep-alive wait"); no AWS charge."
        )
        return try ToolRunner.report(report, extra: extra)
    }

    /// `explain_cause`: the reference of one cause id.
    func explainCause(_ arguments: ToolArguments) throws(ToolError) -> CallTool.Result {
        let given = try arguments.requiredString("cause")
        guard let id = CauseID(rawValue: given) else {
            throw .argument(
                arguments.tool,
                "unknown cause '\(given)'; known: \(CauseID.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let reference = CauseReference(id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let json: String
        do {
            json = String(decoding: try encoder.encode(reference), as: UTF8.self) + "\n"
        } catch {
            throw .engine(error)
        }
        var lines = [
            "\(reference.id.rawValue) (\(reference.statusCodes.map(String.init).joined(separator: ", "))): \(reference.title)",
            "Meaning: \(reference.meaning)",
        ]
        lines += reference.howConfirmed.map { "Confirm: \($0)" }
        lines += reference.fix.map { "Fix: \($0)" }
        lines += reference.awsDocs.map { "AWS docs: \($0)" }
        return try ToolRunner.result(json: json, summary: lines.joined(separator: "\n"))
    }

    /// `iam_policy`: `alb-doctor iam-policy`.
    func iamPolicy() throws(ToolError) -> CallTool.Result {
        try ToolRunner.result(
            json: IAMPolicy.document,
            summary:
                "The least-privilege IAM policy alb-doctor needs (read-only actions; replace the REPLACE-WITH-… bucket names). Attach it to the role or user whose credentials the MCP server runs with."
        )
    }
}
