import ALBDiagnosis

/// Renders a report as GitHub-flavoured Markdown (for tickets and chat).
public struct MarkdownReportRenderer: ReportRenderer {
    /// Creates the renderer.
    public init() {}

    public func render(_ report: some RenderableReport) throws(ReportRenderError) -> String {
        var out: [String] = ["# " + report.title]
        for section in report.sections where section.placement == .beforeFindings {
            renderSection(section, into: &out)
        }
        out.append("")
        out.append("## " + report.findingsTitle)
        if report.findings.isEmpty {
            out.append("")
            out.append(report.noFindingsMessage)
        }
        for (index, finding) in report.findings.enumerated() {
            out.append("")
            out.append("### \(index + 1). \(escape(finding.title)) (`\(finding.id.rawValue)`)")
            out.append("")
            out.append(
                "Confidence **\(TextLayout.confidence(finding.confidence))** (\(finding.confidenceLevel.rawValue))"
                    + (finding.countPhrase.map { ", \($0)." } ?? ".")
            )
            if !finding.evidence.isEmpty {
                out.append("")
                out.append("**Evidence**")
                out.append("")
                for evidence in finding.evidence {
                    out.append("- *\(evidence.source.rawValue)*: \(escape(evidence.summary))")
                }
                let examples = finding.evidence.flatMap(\.examples)
                if !examples.isEmpty {
                    out.append("")
                    out.append(contentsOf: fenced(examples))
                }
            }
            if !finding.confirm.isEmpty {
                out.append("")
                out.append("**Confirm**")
                out.append("")
                for line in finding.confirm { out.append("- " + escape(line)) }
            }
            if !finding.fix.isEmpty {
                out.append("")
                out.append("**Fix**")
                out.append("")
                for line in finding.fix { out.append("- " + escape(line)) }
            }
            for alternative in finding.alternativeCauses {
                out.append("")
                out.append(
                    "Alternative for the same errors: `\(alternative.id.rawValue)` (confidence \(TextLayout.confidence(alternative.confidence)) on its own); it, if:"
                )
                out.append("")
                for line in alternative.confirm.prefix(2) { out.append("- " + escape(line)) }
            }
            let others = finding.alternatives.filter { id in !finding.alternativeCauses.contains { $0.id == id } }
            if !others.isEmpty {
                out.append("")
                out.append("Not ruled out by these logs: " + others.map { "`\($0.rawValue)`" }.joined(separator: ", "))
            }
        }
        for section in report.sections where section.placement == .afterFindings {
            renderSection(section, into: &out)
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func renderSection(_ section: ReportSection, into out: inout [String]) {
        out.append("")
        out.append("## " + escape(section.title))
        for block in section.blocks {
            out.append("")
            switch block {
            case .paragraph(let text):
                out.append(escape(text))
            case .bullets(let items):
                for item in items { out.append("- " + escape(item)) }
            case .keyValues(let pairs):
                out.append("| | |")
                out.append("| --- | --- |")
                for pair in pairs { out.append("| \(cell(pair.key)) | \(cell(pair.value)) |") }
            case .table(let table):
                if let caption = table.caption {
                    out.append("*\(escape(caption))*")
                    out.append("")
                }
                out.append("| " + table.columns.map { cell($0.name) }.joined(separator: " | ") + " |")
                out.append(
                    "| " + table.columns.map { $0.alignment == .right ? "---:" : "---" }.joined(separator: " | ") + " |"
                )
                for row in table.rows {
                    out.append(
                        "| " + TextLayout.cells(row, count: table.columns.count).map(cell).joined(separator: " | ")
                            + " |"
                    )
                }
                if let note = table.note {
                    out.append("")
                    out.append("*\(escape(note))*")
                }
            case .verbatim(let caption, let lines):
                if let caption {
                    out.append(escape(caption))
                    out.append("")
                }
                out.append(contentsOf: fenced(lines))
            case .timeline(let timeline):
                if let caption = timeline.caption {
                    out.append("*\(escape(caption))*")
                    out.append("")
                }
                let maximum = timeline.points.map(\.value).max() ?? 0
                out.append("| time | \(cell(timeline.valueName)) | \(cell(timeline.totalName)) | |")
                out.append("| --- | ---: | ---: | --- |")
                for point in timeline.points {
                    let bar = TextLayout.bar(point.value, maximum: maximum, width: 20)
                    out.append("| \(cell(point.label)) | \(point.value) | \(point.total) | \(bar) |")
                }
            }
        }
    }

    /// A fenced code block whose fence is longer than any backtick run in the lines.
    private func fenced(_ lines: [String]) -> [String] {
        var longest = 0
        for line in lines {
            var run = 0
            for ch in line {
                if ch == "`" {
                    run += 1
                    longest = max(longest, run)
                } else {
                    run = 0
                }
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [fence] + lines + [fence]
    }

    /// Escapes characters that Markdown would interpret in running text; backticks are kept so that
    /// commands written as `code` stay code.
    private func escape(_ s: String) -> String { escape(s, keepingBackticks: true) }

    /// Escapes a table cell (backticks too, so a stray one cannot swallow the cell separators).
    private func cell(_ s: String) -> String { escape(s, keepingBackticks: false) }

    private func escape(_ s: String, keepingBackticks: Bool) -> String {
        var out = ""
        var inCode = false
        for ch in s {
            if ch == "`" && keepingBackticks {
                inCode.toggle()
                out.append(ch)
                continue
            }
            if inCode {
                out.append(ch == "\n" ? " " : ch)
                continue
            }
            switch ch {
            case "*", "_", "`", "<", ">", "[", "]", "|", "\\":
                out.append("\\")
                out.append(ch)
            case "\n": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }
}
