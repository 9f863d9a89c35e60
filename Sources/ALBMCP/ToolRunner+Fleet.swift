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
}
