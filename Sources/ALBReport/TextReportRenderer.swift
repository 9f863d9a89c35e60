import ALBDiagnosis

/// Renders a report as readable terminal text, with ANSI colours when `colors` is true.
public struct TextReportRenderer: ReportRenderer {
    /// Whether ANSI colour codes are written (decide with `ColorMode`).
    public var colors: Bool

    /// Creates the renderer.
    public init(colors: Bool = false) {
        self.colors = colors
    }

    public func render(_ report: some RenderableReport) throws(ReportRenderError) -> String {
        let style = ANSIStyle(enabled: colors)
        var out: [String] = []
        out.append(style.bold(report.title))
        out.append(String(repeating: "=", count: report.title.count))
        for section in report.sections where section.placement == .beforeFindings {
            renderSection(section, style: style, into: &out)
        }
        renderFindings(report, style: style, into: &out)
        for section in report.sections where section.placement == .afterFindings {
            renderSection(section, style: style, into: &out)
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func renderFindings(_ report: some RenderableReport, style: ANSIStyle, into out: inout [String]) {
        out.append("")
        out.append(style.bold(report.findingsTitle))
        if report.findings.isEmpty {
            out.append("  " + report.noFindingsMessage)
            return
        }
        for (index, finding) in report.findings.enumerated() {
            if index > 0 { out.append("") }
            let level = finding.confidenceLevel
            let conf = "confidence \(TextLayout.confidence(finding.confidence)) (\(level.rawValue))"
            let coloredConf: String
            switch level {
            case .high: coloredConf = style.red(conf)
            case .medium: coloredConf = style.yellow(conf)
            case .low: coloredConf = style.dim(conf)
            }
            out.append("  \(index + 1). \(style.bold(finding.title)) [\(style.cyan(finding.id.rawValue))]")
            // A count of 0 means the evidence is not a count of 502s (probe, capture): leave it out.
            out.append(
                "     \(coloredConf)" + (finding.countPhrase.map { ", \($0)" } ?? "")
            )
            if !finding.evidence.isEmpty {
                out.append("     Evidence:")
                for evidence in finding.evidence {
                    out.append("       - (\(evidence.source.rawValue)) \(evidence.summary)")
                    for example in evidence.examples {
                        out.append("           " + style.dim("| " + example))
                    }
                }
            }
            if !finding.confirm.isEmpty {
                out.append("     Confirm:")
                for line in finding.confirm { out.append("       - " + line) }
            }
            if !finding.fix.isEmpty {
                out.append("     Fix:")
                for line in finding.fix { out.append("       - " + style.green(line)) }
            }
            for alternative in finding.alternativeCauses {
                out.append(
                    "     Alternative for the same errors: \(style.yellow(alternative.id.rawValue)) (confidence \(TextLayout.confidence(alternative.confidence)) on its own)"
                )
                for line in alternative.confirm.prefix(2) { out.append("       - it, if: " + line) }
            }
            let others = finding.alternatives.filter { id in !finding.alternativeCauses.contains { $0.id == id } }
            if !others.isEmpty {
                let ids = others.map(\.rawValue).joined(separator: ", ")
                out.append("     Not ruled out by these logs: " + style.yellow(ids))
            }
        }
    }

    private func renderSection(_ section: ReportSection, style: ANSIStyle, into out: inout [String]) {
        out.append("")
        out.append(style.bold(section.title))
        for block in section.blocks {
            renderBlock(block, style: style, into: &out)
        }
    }

    private func renderBlock(_ block: ReportBlock, style: ANSIStyle, into out: inout [String]) {
        switch block {
        case .paragraph(let text):
            out.append("  " + text)
        case .bullets(let items):
            for item in items { out.append("  - " + item) }
        case .keyValues(let pairs):
            let width = pairs.map(\.key.count).max() ?? 0
            for pair in pairs {
                out.append("  " + TextLayout.pad(pair.key, width) + "  " + style.emphasis(pair.value, pair.emphasis))
            }
        case .table(let table):
            if let caption = table.caption { out.append("  " + caption) }
            let widths = TextLayout.widths(table)
            let header = table.columns.enumerated().map { i, c in
                TextLayout.pad(c.name, widths[i], right: c.alignment == .right)
            }
            out.append("  " + style.dim(header.joined(separator: "  ")))
            for row in table.rows {
                let cells = TextLayout.cells(row, count: table.columns.count).enumerated().map { i, cell in
                    TextLayout.pad(cell, widths[i], right: table.columns[i].alignment == .right)
                }
                out.append("  " + cells.joined(separator: "  "))
            }
            if let note = table.note { out.append("  " + style.dim(note)) }
        case .verbatim(let caption, let lines):
            if let caption { out.append("  " + caption) }
            for line in lines { out.append("    " + line) }
        case .timeline(let timeline):
            if let caption = timeline.caption { out.append("  " + caption) }
            let labelWidth = timeline.points.map(\.label.count).max() ?? 0
            let maximum = timeline.points.map(\.value).max() ?? 0
            let valueWidth = String(maximum).count
            let totalWidth = String(timeline.points.map(\.total).max() ?? 0).count
            out.append(
                "  "
                    + style.dim(
                        TextLayout.pad("", labelWidth) + "  "
                            + TextLayout.pad(timeline.valueName, valueWidth, right: true) + " / "
                            + TextLayout.pad(timeline.totalName, totalWidth)
                    )
            )
            for point in timeline.points {
                let bar = TextLayout.bar(point.value, maximum: maximum, width: 40)
                out.append(
                    "  " + TextLayout.pad(point.label, labelWidth) + "  "
                        + TextLayout.pad(String(point.value), max(valueWidth, timeline.valueName.count), right: true)
                        + " / " + TextLayout.pad(String(point.total), max(totalWidth, timeline.totalName.count))
                        + "  " + style.red(bar)
                )
            }
        }
    }
}
