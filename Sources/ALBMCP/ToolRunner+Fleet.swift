import ALBDoctor
import Foundation
import MCP

extension ToolRunner {
    /// `scan_fleet`: `alb-doctor scan --format json` (the regions, window and tag filters of the arguments).
    func scanFleet(_ arguments: ToolArguments) async throws(ToolError) -> CallTool.Result {
        let tool = arguments.tool
        var options = FleetScan.Options()
        options.regions = try arguments.strings("regions")
        options.allRegions = try arguments.bool("all_regions", default: false)
        if options.allRegions && !options.regions.isEmpty {
            throw .argument(tool, "give either regions or all_regions, not both")
        }
        options.since = try arguments.string("since")
        for tag in try arguments.strings("tags") {
            guard let parsed = FleetScan.tag(parsing: tag) else {
                throw .argument(tool, "tags: \(tag): expected KEY=VALUE")
            }
            options.tags.append(parsed)
        }
        options.aws = AWSAccessOptions(profile: try arguments.string("profile"))
        let report: ScanReport
        do {
            report = try await FleetScan(options: options).run()
        } catch {
            throw .engine(error)
        }
        var extra = [
            "Cost: \(report.totalCalls) API call\(report.totalCalls == 1 ? "" : "s") (\(report.getMetricDataCalls) GetMetricData), \(report.metricsRequested) metrics, US$ \(String(format: "%.4f", report.cloudWatchCost)) of CloudWatch."
        ]
        for region in report.regions where region.status != .scanned {
            extra.append("Region \(region.region) not scanned (\(region.status.rawValue)): \(region.message ?? "")")
        }
        let worth = report.loadBalancers.filter(\.worthALook)
        if !worth.isEmpty {
            extra.append("Next: diagnose_load_balancer on the top ones (the metrics alone cannot name the cause):")
            for balancer in worth.prefix(ReportSummary.maximumCauses) {
                extra.append("- \(balancer.name) in \(balancer.region): `\(balancer.diagnoseCommand)`")
            }
        }
        return try ToolRunner.report(report, extra: extra)
    }

    /// `watch_snapshot`: one refresh of `alb-doctor watch` (``WatchSnapshot``): the last `minutes` against the
    /// `minutes` before.
    func watchSnapshot(_ arguments: ToolArguments) async throws(ToolError) -> CallTool.Result {
        var options = WatchSnapshot.Options(loadBalancer: try arguments.requiredString("load_balancer"))
        options.minutes = try arguments.int("minutes") ?? 15
        guard (1...WatchSnapshot.maximumMinutes).contains(options.minutes) else {
            throw .argument(
                arguments.tool,
                "argument 'minutes' must be between 1 and \(WatchSnapshot.maximumMinutes), not \(options.minutes)"
            )
        }
        options.diagnose.aws = try ToolRunner.access(arguments)
        options.diagnose.status = try ToolRunner.status(arguments)
        let snapshot: WatchSnapshot
        let json: String
        do {
            snapshot = try await WatchSnapshot.take(options)
            json = try snapshot.json()
        } catch {
            throw .engine(error)
        }
        let minutes = options.minutes
        var lines = [
            "Watch snapshot: \(snapshot.report.loadBalancer), the last \(minutes) min against the \(minutes) before.",
            "Changes:",
        ]
        lines += snapshot.changes.isEmpty ? ["  none"] : snapshot.changes.prefix(30).map { "  \($0)" }
        lines.append("")
        lines.append(ReportSummary.text(snapshot.report))
        if !snapshot.report.missingEvidence.isEmpty {
            lines.append(
                "Missing evidence (listed, not fatal): \(snapshot.report.missingEvidence.prefix(8).map(\.what).joined(separator: "; "))"
            )
        }
        return try ToolRunner.result(json: json, summary: lines.joined(separator: "\n"))
    }
}
