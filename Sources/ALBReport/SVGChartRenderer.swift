/// Draws `ReportChart`s and timeline blocks as inline SVG with an HTML legend and data table.
///
/// Coordinates are numbers computed here; every label from the data goes through
/// `HTMLEscaping.escape`. Each chart carries its numbers also as an HTML table (inside `<details>`),
/// for screen readers, keyboard users and print.
enum SVGChartRenderer {
    /// The drawing box of the wide charts (SVG user units).
    static let width = 960.0
    static let height = 260.0
    static let left = 52.0
    static let right = 14.0
    static let top = 26.0
    static let bottom = 34.0
    /// How many series colours the stylesheet defines.
    static let colours = 8

    static func render(_ chart: ReportChart) -> String {
        let esc = HTMLEscaping.escape
        let id = "chart-" + esc(chart.id)
        var out = "<section id=\"\(id)\" class=\"chart\" aria-labelledby=\"\(id)-h\">\n"
        out += "<h2 id=\"\(id)-h\">\(esc(chart.title))</h2>\n"
        if let caption = chart.caption { out += "<p class=\"note\">\(esc(caption))</p>\n" }
        switch chart.kind {
        case .stackedBars(let bars): out += stackedBars(bars, id: id, title: chart.title)
        case .lines(let lines): out += lineChart(lines, id: id, title: chart.title)
        case .sparklineTable(let table): out += sparklineTable(table)
        case .distributions(let d): out += distributions(d)
        }
        return out + "</section>\n"
    }

    // MARK: Numbers

    /// A coordinate with at most one decimal, no locale.
    static func n(_ value: Double) -> String {
        let r = (value * 10).rounded() / 10
        if r == r.rounded() { return String(Int(r)) }
        return String(r)
    }

    /// 1, 2 or 5 × 10^k at or above `value` (at least 1).
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 1 else { return 1 }
        var base = 1.0
        while base * 10 < value { base *= 10 }
        for m in [1.0, 2.0, 5.0, 10.0] where base * m >= value { return base * m }
        return base * 10
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let s = String(value.magnitude)
        var out = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + String(out.reversed())
    }

    /// `2026-11-24T09:05Z` → `09:05`.
    static func clock(_ label: String) -> String {
        guard let t = label.firstIndex(of: "T") else { return label }
        return String(label[label.index(after: t)...].prefix(5))
    }

    /// `HH:MM` of minutes since the epoch.
    static func clock(minute: Int64) -> String {
        let m = ((minute % 1440) + 1440) % 1440
        let h = m / 60
        let mm = m % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }

    // MARK: Axes

    private static func yAxis(maximum: Double, plotHeight: Double) -> String {
        var out = "<g class=\"yaxis\">\n"
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = top + plotHeight - plotHeight * Double(step) / 4
            out += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y))\" y2=\"\(n(y))\"/>"
            let text = value == value.rounded() ? grouped(Int(value)) : n(value)
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(text)</text>\n"
        }
        return out + "</g>\n"
    }

    /// X labels: at most about 12, at `HH:MM`.
    private static func xLabels(count: Int, slot: Double, label: (Int) -> String) -> String {
        guard count > 0 else { return "" }
        let every = max(1, (count + 11) / 12)
        var out = "<g class=\"xaxis\">\n"
        var i = 0
        while i < count {
            let x = left + (Double(i) + 0.5) * slot
            out += "<text x=\"\(n(x))\" y=\"\(n(height - bottom + 16))\" text-anchor=\"middle\">"
            out += HTMLEscaping.escape(label(i)) + "</text>\n"
            i += every
        }
        return out + "</g>\n"
    }

    private static func legend(_ items: [(String, String)]) -> String {
        var out = "<ul class=\"legend\">\n"
        for (cls, name) in items {
            out += "<li><span class=\"sw \(cls)\" aria-hidden=\"true\"></span>\(HTMLEscaping.escape(name))</li>\n"
        }
        return out + "</ul>\n"
    }

    // MARK: Stacked bars

    static func stackedBars(_ chart: ReportChart.StackedBars, id: String, title: String) -> String {
        let esc = HTMLEscaping.escape
        guard let first = chart.bars.first?.minute, let last = chart.bars.last?.minute, last >= first else {
            return "<p>No data.</p>\n"
        }
        let step = chart.minutesPerBar
        let count = Int((last - first) / step) + 1
        func slotIndex(_ minute: Int64) -> Int? {
            guard minute >= first, minute < first + Int64(count) * step else { return nil }
            return Int((minute - first) / step)
        }
        var slots: [ReportChart.StackedBars.Bar?] = Array(repeating: nil, count: count)
        for bar in chart.bars { if let i = slotIndex(bar.minute) { slots[i] = bar } }
        let plotW = width - left - right
        let plotH = height - top - bottom
        let slot = plotW / Double(count)
        let barW = max(1, slot * (slot > 4 ? 0.8 : 1))
        let maximum = niceMaximum(Double(chart.bars.map(\.sum).max() ?? 0))

        var items = chart.series.enumerated().map { ("s\($0.offset % colours)", $0.element) }
        let kinds = Set(chart.markers.map(\.kind))
        if kinds.contains(.change) { items.append(("mk-change", "configuration change (CloudTrail)")) }
        if kinds.contains(.first) { items.append(("mk-first", "first 502")) }
        if kinds.contains(.last) { items.append(("mk-last", "last 502")) }
        var out = legend(items)
        let withValues = chart.bars.filter { $0.sum > 0 }.count
        out += "<figure>\n<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
        out += "aria-labelledby=\"\(id)-t\" data-bar-groups=\"\(withValues)\">\n"
        out += "<title id=\"\(id)-t\">\(esc(title)): \(withValues) minutes with \(esc(chart.valueName))</title>\n"
        out += yAxis(maximum: maximum, plotHeight: plotH)
        out += "<g class=\"bars\">\n"
        for (i, bar) in slots.enumerated() {
            guard let bar, bar.sum > 0 else { continue }
            let x = left + Double(i) * slot + (slot - barW) / 2
            var y = top + plotH
            let parts = zip(chart.series, bar.values).filter { $0.1 > 0 }.map { "\($0.0) \(grouped($0.1))" }
            let text =
                "\(bar.label): \(grouped(bar.sum)) \(chart.valueName) of \(grouped(bar.total)) requests"
                + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
            out += "<g class=\"bar\" tabindex=\"0\" aria-label=\"\(esc(text))\"><title>\(esc(text))</title>"
            for (s, value) in bar.values.enumerated() where value > 0 {
                let h = plotH * Double(value) / maximum
                y -= h
                out += "<rect class=\"s\(s % colours)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(barW))\" "
                out += "height=\"\(n(max(h, 0.5)))\"/>"
            }
            out += "</g>\n"
        }
        out += "</g>\n"
        out += "<line class=\"axis\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(top + plotH))\" "
        out += "y2=\"\(n(top + plotH))\"/>\n"
        let drawn = chart.markers.compactMap { m in slotIndex(m.minute).map { (m, $0) } }
        if !drawn.isEmpty {
            out += "<g class=\"markers\">\n"
            for (m, i) in drawn {
                let x = left + (Double(i) + 0.5) * slot
                let cls = "mk-\(m.kind.rawValue)"
                out += "<g class=\"marker\" tabindex=\"0\" aria-label=\"\(esc(m.text))\"><title>\(esc(m.text))</title>"
                out += "<line class=\"mk \(cls)\" x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"\(n(top - 8))\" "
                out += "y2=\"\(n(top + plotH))\"/>"
                out += "<path class=\"\(cls)\" d=\"M\(n(x - 5)) \(n(top - 14))h10l-5 7z\"/></g>\n"
            }
            out += "</g>\n"
        }
        out += xLabels(count: count, slot: slot) { clock(minute: first + Int64($0) * step) }
        out += "</svg>\n</figure>\n"
        if !chart.markers.isEmpty {
            let rows = chart.markers.map { m -> [String] in
                [
                    clock(minute: m.minute), esc(m.kind.rawValue), esc(m.text),
                    slotIndex(m.minute) == nil ? "outside the chart" : "",
                ]
            }
            out += HTMLReportRenderer.table(
                caption: "Markers (UTC)",
                columns: [.init("time"), .init("kind"), .init("event"), .init("")],
                rows: rows,
                note: nil
            )
        }
        out += "<details><summary>Data: every minute with \(esc(chart.valueName))</summary>\n"
        let rows = chart.bars.filter { $0.sum > 0 }.map { bar -> [String] in
            [esc(bar.label), grouped(bar.total), grouped(bar.sum)] + bar.values.map { $0 > 0 ? grouped($0) : "" }
        }
        out += HTMLReportRenderer.table(
            caption: nil,
            columns: [
                ReportTable.Column("minute"), ReportTable.Column("requests", alignment: .right),
                ReportTable.Column(chart.valueName, alignment: .right),
            ] + chart.series.map { ReportTable.Column($0, alignment: .right) },
            rows: rows,
            note: nil
        )
        return out + "</details>\n"
    }

    // MARK: Lines

    static func lineChart(_ chart: ReportChart.Lines, id: String, title: String) -> String {
        let esc = HTMLEscaping.escape
        let minutes = chart.series.flatMap { $0.points.map(\.minute) }
        guard let first = minutes.min(), let last = minutes.max() else { return "<p>No data.</p>\n" }
        let count = Int(last - first + 1)
        let plotW = width - left - right
        let plotH = height - top - bottom
        let slot = plotW / Double(count)
        let maximum = niceMaximum(chart.series.flatMap { $0.points.map(\.value) }.max() ?? 0)
        var out = legend(chart.series.enumerated().map { ("l\($0.offset % 4)", $0.element.name) })
        out += "<figure>\n<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
        out += "aria-labelledby=\"\(id)-t\">\n<title id=\"\(id)-t\">\(esc(title))</title>\n"
        out += yAxis(maximum: maximum, plotHeight: plotH)
        for (s, series) in chart.series.enumerated() {
            let points = series.points.map { p in
                "\(n(left + (Double(p.minute - first) + 0.5) * slot)),\(n(top + plotH - plotH * p.value / maximum))"
            }
            out += "<polyline class=\"line l\(s % 4)\" points=\"\(points.joined(separator: " "))\">"
            out += "<title>\(esc(series.name))</title></polyline>\n"
        }
        out += xLabels(count: count, slot: slot) { clock(minute: first + Int64($0)) }
        out += "</svg>\n</figure>\n"
        out += "<details><summary>Data: every minute</summary>\n"
        var byMinute: [Int64: [Double?]] = [:]
        for (s, series) in chart.series.enumerated() {
            for p in series.points {
                var row = byMinute[p.minute] ?? Array(repeating: nil, count: chart.series.count)
                row[s] = p.value
                byMinute[p.minute] = row
            }
        }
        let rows = byMinute.keys.sorted().map { m -> [String] in
            [clock(minute: m)] + (byMinute[m] ?? []).map { $0.map(n) ?? "-" }
        }
        out += HTMLReportRenderer.table(
            caption: nil,
            columns: [ReportTable.Column("minute (UTC)")]
                + chart.series.map { ReportTable.Column($0.name, alignment: .right) },
            rows: rows,
            note: nil
        )
        return out + "</details>\n"
    }

    // MARK: Sparkline table

    static func sparkline(_ values: [Int], name: String) -> String {
        let w = 120.0
        let h = 24.0
        let maximum = Double(values.max() ?? 0)
        var out = "<svg class=\"sparkline\" viewBox=\"0 0 \(n(w)) \(n(h))\" width=\"120\" height=\"24\" role=\"img\" "
        out += "aria-label=\"\(HTMLEscaping.escape(name)) per minute, at most \(grouped(Int(maximum)))\">"
        out += "<line class=\"spark-base\" x1=\"0\" x2=\"\(n(w))\" y1=\"\(n(h - 0.5))\" y2=\"\(n(h - 0.5))\"/>"
        if maximum > 0 && !values.isEmpty {
            let slot = w / Double(values.count)
            for (i, v) in values.enumerated() where v > 0 {
                let bh = max(1, (h - 2) * Double(v) / maximum)
                out += "<rect class=\"spark\" x=\"\(n(Double(i) * slot))\" y=\"\(n(h - 1 - bh))\" "
                out += "width=\"\(n(max(0.6, slot)))\" height=\"\(n(bh))\"/>"
            }
        }
        return out + "</svg>"
    }

    /// A target's health checks per slot, as wide as its sparkline: one cell per slot, coloured by what the checks
    /// showed (`hc-pass`, `hc-fail`, `hc-mixed`; nothing where there was no check), each with its minute range.
    static func healthCheckStrip(_ slots: [ReportChart.SparklineTable.HealthCheckSlot]) -> String {
        let w = 120.0
        let h = 6.0
        let failed = slots.filter { $0 == .fail || $0 == .mixed }.count
        var out = "<svg class=\"hc-strip\" viewBox=\"0 0 \(n(w)) \(n(h))\" width=\"120\" height=\"6\" role=\"img\" "
        out += "aria-label=\"health checks: \(grouped(failed)) of \(grouped(slots.count)) slots with failed checks\">"
        guard !slots.isEmpty else { return out + "</svg>" }
        let slot = w / Double(slots.count)
        for (i, state) in slots.enumerated() where state != .none {
            out += "<rect class=\"hc-\(state.rawValue)\" x=\"\(n(Double(i) * slot))\" y=\"0\" "
            out += "width=\"\(n(max(0.6, slot)))\" height=\"\(n(h))\"/>"
        }
        return out + "</svg>"
    }

    static func sparklineTable(_ table: ReportChart.SparklineTable) -> String {
        let esc = HTMLEscaping.escape
        let rows = table.rows.map { row in
            var cell = sparkline(row.sparkline, name: table.sparklineName)
            if let checks = row.healthChecks { cell += "<br>" + healthCheckStrip(checks) }
            return row.cells.map(esc) + [cell]
        }
        return HTMLReportRenderer.table(
            caption: nil,
            columns: table.columns,
            rows: rows,
            note: table.note,
            extraHeader: table.sparklineName
        )
    }

    // MARK: Distributions

    static func distributions(_ d: ReportChart.Distributions) -> String {
        let esc = HTMLEscaping.escape
        let rows = d.rows.map { row -> [String] in
            let maximum = Double(row.counts.max() ?? 0)
            let w = 160.0
            let h = 28.0
            let slot = w / Double(max(1, d.buckets.count))
            var svg = "<svg class=\"sparkline\" viewBox=\"0 0 \(n(w)) \(n(h))\" width=\"160\" height=\"28\" "
            svg += "role=\"img\" aria-label=\"distribution of \(esc(row.name))\">"
            svg += "<line class=\"spark-base\" x1=\"0\" x2=\"\(n(w))\" y1=\"\(n(h - 0.5))\" y2=\"\(n(h - 0.5))\"/>"
            if maximum > 0 {
                for (i, c) in row.counts.enumerated() where c > 0 {
                    let bh = max(1, (h - 2) * Double(c) / maximum)
                    svg += "<rect class=\"s\(i % colours)\" x=\"\(n(Double(i) * slot + 1))\" y=\"\(n(h - 1 - bh))\" "
                    svg += "width=\"\(n(max(1, slot - 2)))\" height=\"\(n(bh))\"><title>\(esc(d.buckets[i])): "
                    svg += "\(grouped(c))</title></rect>"
                }
            }
            svg += "</svg>"
            return [esc(row.name)] + row.counts.map { $0 > 0 ? grouped($0) : "" } + [svg]
        }
        return HTMLReportRenderer.table(
            caption: nil,
            columns: [ReportTable.Column("signature")] + d.buckets.map { ReportTable.Column($0, alignment: .right) },
            rows: rows,
            note: nil,
            extraHeader: "shape"
        )
    }

    // MARK: Timeline block

    static func timeline(_ t: ReportTimeline) -> String {
        let esc = HTMLEscaping.escape
        let count = t.points.count
        guard count > 0 else { return "<p>No data.</p>\n" }
        let plotW = width - left - right
        let plotH = height - top - bottom
        let slot = plotW / Double(count)
        let barW = max(1, slot * (slot > 4 ? 0.8 : 1))
        let maximum = niceMaximum(Double(t.points.map(\.value).max() ?? 0))
        var out = "<figure class=\"timeline\">\n"
        if let caption = t.caption { out += "<figcaption>\(esc(caption))</figcaption>\n" }
        out += "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
        out += "aria-label=\"\(esc(t.valueName)) against \(esc(t.totalName))\">\n"
        out += yAxis(maximum: maximum, plotHeight: plotH)
        for (i, p) in t.points.enumerated() where p.value > 0 {
            let h = plotH * Double(p.value) / maximum
            let text = "\(p.label): \(grouped(p.value)) \(t.valueName) of \(grouped(p.total)) \(t.totalName)"
            out += "<rect class=\"s0\" x=\"\(n(left + Double(i) * slot + (slot - barW) / 2))\" "
            out += "y=\"\(n(top + plotH - h))\" width=\"\(n(barW))\" height=\"\(n(max(h, 0.5)))\">"
            out += "<title>\(esc(text))</title></rect>\n"
        }
        out += xLabels(count: count, slot: slot) { t.points[$0].label }
        out += "</svg>\n</figure>\n"
        let rows = t.points.map { [esc($0.label), grouped($0.value), grouped($0.total)] }
        out += "<details><summary>Data</summary>\n"
        out += HTMLReportRenderer.table(
            caption: nil,
            columns: [.init("time"), .init(t.valueName, alignment: .right), .init(t.totalName, alignment: .right)],
            rows: rows,
            note: nil
        )
        return out + "</details>\n"
    }
}
