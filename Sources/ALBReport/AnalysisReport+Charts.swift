import ALBDiagnosis

extension AnalysisReport {
    /// "1,148 ELB 502s in 24,515 requests (4.7%): the load balancer produced 989, the targets 140, other 19."
    public var headline: String? {
        guard elb502 > 0 else {
            return "No ELB 502 in \(SVGChartRenderer.grouped(requests)) requests."
        }
        let g = SVGChartRenderer.grouped
        return "\(g(elb502)) ELB 502s in \(g(requests)) requests (\(Phrase.percent(elb502Rate))): "
            + "the load balancer produced \(g(source.loadBalancer)), the targets \(g(source.target)), "
            + "other \(g(source.other))."
    }

    /// The HTML charts: 502s per minute by signature, targets with a sparkline, processing times.
    public var charts: [ReportChart] {
        guard elb502 > 0 else { return [] }
        var out: [ReportChart] = []
        if let bars = minuteBars { out.append(bars) }
        if let targets = targetChart { out.append(targets) }
        if let times = processingTimeChart { out.append(times) }
        return out
    }

    /// Minutes since the epoch of `2026-11-24T09:05Z` (the timeline's minute labels).
    public static func epochMinute(_ label: String) -> Int64? {
        let c = Array(label.utf8)
        guard c.count >= 16 else { return nil }
        func num(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                guard c[i] >= 48 && c[i] <= 57 else { return nil }
                v = v * 10 + Int(c[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16)
        else { return nil }
        return UTCTime.epochSeconds(year: y, month: mo, day: d, hour: h, minute: mi) / 60
    }

    /// How many minutes one bar covers so that at most `maxBars` bars are drawn (1 for up to a day).
    static func minutesPerBar(span: Int64, maxBars: Int64 = 1440) -> Int64 {
        let steps: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440]
        return steps.first { (span + $0 - 1) / $0 <= maxBars } ?? 1440
    }

    private var minuteBars: ReportChart? {
        let parsed = timeline.compactMap { m in AnalysisReport.epochMinute(m.minute).map { ($0, m) } }
        guard let first = parsed.first?.0, let last = parsed.last?.0 else { return nil }
        let step = AnalysisReport.minutesPerBar(span: last - first + 1)
        var bars: [ReportChart.StackedBars.Bar] = []
        for (minute, m) in parsed {
            let slot = first + (minute - first) / step * step
            let values = SignatureID.allCases.map { m.signatures[$0] }
            if let lastBar = bars.last, lastBar.minute == slot {
                bars[bars.count - 1].values = zip(lastBar.values, values).map { $0 + $1 }
                bars[bars.count - 1].total += m.requests
            } else {
                let label = step == 1 ? m.minute : UTCTime.iso8601Minute(micros: slot * 60_000_000)
                bars.append(.init(minute: slot, label: label, values: values, total: m.requests))
            }
        }
        return ReportChart(
            id: "timeline",
            title: "502s per minute by signature",
            caption: step == 1
                ? "Every minute of the logs (UTC); bars stack the signatures. Hover or focus a bar for its counts."
                : "One bar per \(step) minutes (UTC); the JSON has every minute.",
            kind: .stackedBars(
                .init(
                    series: SignatureID.allCases.map(\.rawValue),
                    bars: bars,
                    valueName: "502s",
                    minutesPerBar: step
                )
            )
        )
    }

    private var targetChart: ReportChart? {
        let rows = breakdowns.targets.rows
        guard !rows.isEmpty else { return nil }
        let minutes = timeline.compactMap { AnalysisReport.epochMinute($0.minute) }
        guard let first = minutes.first, let last = minutes.last else { return nil }
        let step = AnalysisReport.minutesPerBar(span: last - first + 1, maxBars: 60)
        let slots = Int((last - first) / step) + 1
        let g = SVGChartRenderer.grouped
        let chartRows = rows.map { r -> ReportChart.SparklineTable.Row in
            var spark = Array(repeating: 0, count: slots)
            for (label, n) in r.elb502ByMinute ?? [:] {
                guard let m = AnalysisReport.epochMinute(label), m >= first, m <= last else { continue }
                spark[Int((m - first) / step)] += n
            }
            let requests = r.requests ?? 0
            var checks: [ReportChart.SparklineTable.HealthCheckSlot]?
            if let byMinute = r.healthChecksByMinute {
                var pass = Array(repeating: 0, count: slots)
                var fail = Array(repeating: 0, count: slots)
                for (label, n) in byMinute {
                    guard let m = AnalysisReport.epochMinute(label), m >= first, m <= last else { continue }
                    pass[Int((m - first) / step)] += n.pass
                    fail[Int((m - first) / step)] += n.fail
                }
                checks = zip(pass, fail).map { p, f in
                    f == 0 ? (p == 0 ? .none : .pass) : (p == 0 ? .fail : .mixed)
                }
            }
            return .init(
                cells: [
                    r.key, r.targetGroup ?? "-", g(requests), g(r.elb502),
                    Phrase.percent(Double(r.elb502) / Double(max(1, requests))),
                    r.first502.map(AnalysisReport.shortTime) ?? "-", r.last502.map(AnalysisReport.shortTime) ?? "-",
                ],
                sparkline: spark,
                healthChecks: checks
            )
        }
        let strip =
            chartRows.contains { $0.healthChecks != nil }
            ? " Under it, the target's health checks in the same minutes (green: passed, red: failed, amber: both, blank: not checked)."
            : ""
        let more = breakdowns.targets
        return ReportChart(
            id: "targets",
            title: "Targets with 502s",
            caption: "Failure rate = 502s / requests of the target. The sparkline spans the whole log window"
                + (step == 1 ? ", one bar per minute." : ", one bar per \(step) minutes.") + strip,
            placement: .beforeFindings,
            kind: .sparklineTable(
                .init(
                    columns: [
                        .init("target"), .init("group"), .init("requests", alignment: .right),
                        .init("502", alignment: .right), .init("failure rate", alignment: .right),
                        .init("first 502"), .init("last 502"),
                    ],
                    rows: chartRows,
                    sparklineName: "502s over time",
                    note: more.moreRows > 0 || more.more502 > 0
                        ? "\(more.moreRows) more targets and folded keys: \(g(more.more502)) × 502" : nil
                )
            )
        )
    }

    private var processingTimeChart: ReportChart? {
        guard !processingTimes.isEmpty else { return nil }
        let labels = ProcessingTimeHistogram.labels
        return ReportChart(
            id: "processing-times",
            title: "target_processing_time of 502s, per signature",
            caption: "How long the target had the request before the 502 (-1: never dispatched or no answer).",
            placement: .afterFindings,
            kind: .distributions(
                .init(
                    buckets: labels,
                    rows: processingTimes.map { p in
                        .init(
                            name: p.code.map { "\(p.id.rawValue)/\($0)" } ?? p.id.rawValue,
                            counts: labels.map { p.buckets[$0] ?? 0 }
                        )
                    }
                )
            )
        )
    }
}
