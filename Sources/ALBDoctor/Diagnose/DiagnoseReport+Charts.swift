import ALBAccessLog
import ALBDiagnosis
import ALBReport

extension DiagnoseReport {
    /// The verdict line: the access logs' when read, else the metrics' source attribution.
    public var headline: String? {
        if let logs = accessLogs, let line = logs.headline { return line }
        return sourceAttribution?.verdict
    }

    /// The HTML charts: the access logs' charts with CloudTrail markers on the 502 timeline, and the
    /// access logs' 502s per minute against CloudWatch's `HTTPCode_ELB_502_Count`.
    public var charts: [ReportChart] {
        var out: [ReportChart] = []
        let markers = changeMarkers
        for var chart in accessLogs?.charts ?? [] {
            if case .stackedBars(var bars) = chart.kind {
                bars.markers = markers
                chart.kind = .stackedBars(bars)
                chart.title = "Access logs: " + chart.title
            } else {
                chart.title = "Access logs: " + chart.title
                chart.placement = .afterFindings
            }
            out.append(chart)
        }
        if let comparison = logsAgainstMetrics { out.insert(comparison, at: min(1, out.count)) }
        return out
    }

    /// One marker per CloudTrail change (deregistration, registration, attribute change).
    var changeMarkers: [ReportChart.StackedBars.Marker] {
        (targetChanges ?? []).map { e in
            let t = e.time.microsecondsSinceEpoch
            let minute = t >= 0 ? t / 60_000_000 : (t - 59_999_999) / 60_000_000
            let targets = e.targets.map { "\($0.id)\($0.port.map { ":\($0)" } ?? "")" }
            let attributes = e.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            var text = e.name
            if let arn = e.targetGroupARN { text += " " + TriageAggregator.groupName(fromARN: arn) }
            if !(targets + attributes).isEmpty { text += ": " + Phrase.list(targets + attributes, limit: 4) }
            if let caller = e.caller { text += " by \(caller)" }
            return .init(minute: minute, kind: .change, text: text)
        }
        .sorted { $0.minute < $1.minute }
    }

    /// Access-log 502s per minute against the load balancer's `HTTPCode_ELB_502_Count` (1-minute periods).
    var logsAgainstMetrics: ReportChart? {
        let metric = (metrics ?? []).first {
            $0.name == "HTTPCode_ELB_502_Count" && $0.dimensions["TargetGroup"] == nil && $0.statistic == "Sum"
        }
        var series: [ReportChart.Lines.Series] = []
        if let logs = accessLogs {
            let points = logs.timeline.compactMap { m in
                AnalysisReport.epochMinute(m.minute).map {
                    ReportChart.Lines.Point(minute: $0, value: Double(m.elb502))
                }
            }
            if !points.isEmpty { series.append(.init(name: "access logs: ELB 502s", points: points)) }
        }
        if let metric {
            let points = metric.points.map { p in
                let t = p.time.microsecondsSinceEpoch
                return ReportChart.Lines.Point(minute: t / 60_000_000, value: p.value)
            }
            series.append(.init(name: "CloudWatch HTTPCode_ELB_502_Count (Sum)", points: points))
        }
        guard series.count == 2 else { return nil }
        let period = metric?.periodSeconds ?? 60
        return ReportChart(
            id: "logs-vs-metrics",
            title: "Access logs against CloudWatch",
            caption: "ELB 502s per minute in the logs read and in the metric"
                + (period == 60 ? "." : " (the metric has \(period / 60)-minute periods: compare the sums).")
                + " CloudWatch omits zero minutes.",
            kind: .lines(.init(series: series))
        )
    }
}
