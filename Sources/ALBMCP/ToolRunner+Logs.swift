import ALBAccessLog
import ALBDoctor
import Foundation
import MCP

extension ToolRunner {
    /// `analyze_logs`: `alb-doctor analyze PATHS --format json`.
    func analyzeLogs(_ arguments: ToolArguments, context: ToolCallContext) async throws(ToolError) -> CallTool.Result {
        let tool = arguments.tool
        let paths = try arguments.strings("paths")
        guard !paths.isEmpty else {
            throw .argument(tool, "argument 'paths' is required (files, directories or s3://bucket/prefix)")
        }
        try context.paths.check(paths.filter { !$0.hasPrefix("s3://") }, tool: tool)
        let kubePods = try arguments.strings("kube_pods")
        let pcaps = try arguments.strings("pcaps")
        try context.paths.check(kubePods + pcaps, tool: tool)
        var request = LogAnalysis.Request(
            paths: paths,
            since: try arguments.string("since"),
            until: try arguments.string("until"),
            pcaps: pcaps
        )
        request.aws = try ToolRunner.access(arguments)
        request.status = try ToolRunner.status(arguments)
        request.kubePods = kubePods
        let outcome: LogAnalysis.Outcome
        do {
            outcome = try await LogAnalysis.run(request, progress: context.progress?.printer)
        } catch {
            throw .engine(error)
        }
        return try ToolRunner.report(outcome.report)
    }

    /// `records_query`: a bounded sample of `alb-doctor records` output.
    func recordsQuery(_ arguments: ToolArguments, context: ToolCallContext) throws(ToolError) -> CallTool.Result {
        let tool = arguments.tool
        let paths = try arguments.strings("paths")
        guard !paths.isEmpty else { throw .argument(tool, "argument 'paths' is required (files or directories)") }
        if let url = paths.first(where: { $0.hasPrefix("s3://") }) {
            throw .argument(
                tool,
                "records reads local logs; stream \(url) with `aws s3 cp --recursive` to a directory first, or use analyze_logs on \(url)"
            )
        }
        try context.paths.check(paths, tool: tool)
        let limit = try arguments.int("limit") ?? 50
        guard (1...RecordsSample.maximumLimit).contains(limit) else {
            throw .argument(tool, "argument 'limit' must be between 1 and \(RecordsSample.maximumLimit)")
        }
        let sample = RecordsSample(
            input: InputSelection(
                paths: paths,
                since: try arguments.string("since"),
                until: try arguments.string("until")
            ),
            statusCodes: try arguments.ints("status"),
            target: try arguments.string("target"),
            pathPrefix: try arguments.string("path"),
            limit: limit
        )
        let outcome: RecordsSample.Outcome
        do {
            outcome = try sample.run()
        } catch {
            throw .engine(error)
        }
        var records: [Value] = []
        for line in outcome.records {
            if let value = try? JSONDecoder().decode(Value.self, from: Data(line.utf8)) { records.append(value) }
        }
        let stats = outcome.statistics
        let structured: Value = .object([
            "records": .array(records),
            "returned": .int(records.count),
            "matched": .int(outcome.matched),
            "truncated": .bool(outcome.truncated),
            "limit": .int(limit),
            "lines_read": .int(stats.linesRead),
            "lines_parsed": .int(stats.linesParsed),
            "lines_skipped": .int(stats.linesSkipped),
            "skipped_reasons": .object(stats.skippedByReason.mapValues { Value.int($0) }),
        ])
        var summary = "\(outcome.matched) record(s) matched; \(records.count) returned"
        if outcome.truncated { summary += " (truncated at limit \(limit) or 256 KB; narrow the filters or the window)" }
        summary += ". Lines read \(stats.linesRead), skipped \(stats.linesSkipped)."
        summary += " Each record is keyed by the AWS access-log field names (see Docs/AccessLogs.md)."
        return CallTool.Result(
            content: [ToolRunner.text(summary)],
            structuredContent: Value?.some(structured),
            isError: false
        )
    }

    /// `analyze_capture`: `alb-doctor pcap FILES --format json`.
    func analyzeCapture(_ arguments: ToolArguments, context: ToolCallContext) throws(ToolError) -> CallTool.Result {
        let tool = arguments.tool
        let paths = try arguments.strings("paths")
        guard !paths.isEmpty else { throw .argument(tool, "argument 'paths' is required (capture files)") }
        try context.paths.check(paths, tool: tool)
        let options = CaptureCommand.Options(
            paths: paths,
            targetPort: try arguments.int("target_port"),
            idleTimeoutSeconds: try arguments.double("idle_timeout") ?? 60,
            backendPolicy: try arguments.string("backend_policy"),
            format: "json",
            color: "off"
        )
        let command: CaptureCommand
        do {
            command = try CaptureCommand(options: options)
        } catch {
            throw .argument(tool, error.description)
        }
        let outcome: CaptureCommand.Outcome
        do {
            outcome = try command.run(environment: [:])
        } catch {
            throw .engine(error)
        }
        if outcome.exitCode == 2 {
            throw ToolError(message: outcome.diagnostics.joined(separator: "\n"))
        }
        let findings = CaptureSummary.findings(json: outcome.output)
        var lines = ["Packet capture analysis"]
        if findings.isEmpty {
            lines.append("Verdict: no cause found in the capture.")
        } else {
            for finding in findings.prefix(ReportSummary.maximumCauses) {
                lines.append(
                    "- \(finding.id.rawValue): \(finding.count), confidence \(ReportSummary.confidence(finding.confidence)) - \(finding.title)"
                )
                if let evidence = finding.evidence.first { lines.append("  evidence: \(evidence.summary)") }
            }
        }
        lines += outcome.diagnostics
        return try ToolRunner.result(json: outcome.output, summary: lines.joined(separator: "\n"))
    }
}

/// Reads the ranked findings back from a rendered report (for reports the facade returns as text).
enum CaptureSummary {
    static func findings(json: String) -> [Finding] {
        struct Causes: Decodable {
            var causes: [Finding]?
            var findings: [Finding]?
        }
        let decoded = try? JSONDecoder().decode(Causes.self, from: Data(json.utf8))
        return decoded?.causes ?? decoded?.findings ?? []
    }
}
