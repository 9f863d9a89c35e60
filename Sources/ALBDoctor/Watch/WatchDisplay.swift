import ALBDiagnosis
import ALBReport
import Foundation

/// How `watch` shows each refresh: on a terminal the panel is redrawn in place (ANSI: cursor home, clear), piped
/// one line per refresh, with `--format jsonl` one JSON object per refresh. Pure: it returns the text to write.
public struct WatchDisplay: Sendable {
    /// The three ways.
    public enum Mode: String, Sendable {
        /// Redraw a panel in place.
        case terminal
        /// One line per refresh.
        case lines
        /// One JSON object per line.
        case jsonl
    }

    /// Clears the screen and puts the cursor home: the start of every redraw.
    public static let redraw = "\u{1B}[H\u{1B}[2J"
    /// Causes shown in the panel.
    public static let panelCauses = 8

    /// The mode.
    public var mode: Mode
    /// The refresh interval, for the panel's header.
    public var every: Duration

    /// Creates a display.
    public init(mode: Mode, every: Duration) {
        self.mode = mode
        self.every = every
    }

    /// The text of one refresh.
    public func render(_ refresh: WatchRefresh) -> String {
        switch mode {
        case .terminal: Self.redraw + panel(refresh)
        case .lines: line(refresh) + "\n"
        case .jsonl: Self.json(refresh) + "\n"
        }
    }

    /// One line: time, counts, rate, the top cause, the changes.
    public func line(_ refresh: WatchRefresh) -> String {
        var parts = [
            "\(WatchRefresh.clock(refresh.time)) #\(refresh.refresh) \(refresh.loadBalancer): \(refresh.newRequests) new requests, \(refresh.newErrors) 5xx from \(refresh.newLogObjects) log object\(refresh.newLogObjects == 1 ? "" : "s")"
        ]
        if let rate = refresh.errorsPerMinute { parts.append("\(WatchRefresh.rate(rate)) 5xx/min") }
        if let top = refresh.causes.first {
            parts.append("top \(top.id.rawValue) \(top.count) (\(LoadBalancerWatch.confidence(top.confidence)))")
        } else {
            parts.append("no cause")
        }
        parts += refresh.changes.dropFirst(refresh.refresh == 1 ? 1 : 0)
        return parts.joined(separator: "; ")
    }

    /// The panel redrawn on a terminal.
    public func panel(_ refresh: WatchRefresh) -> String {
        var lines = [
            "alb-doctor watch \(refresh.loadBalancer): refresh \(refresh.refresh) at \(WatchRefresh.clock(refresh.time)) (every \(Self.seconds(every)); Ctrl-C ends with the full report)",
            "window \(WatchRefresh.clock(refresh.windowStart)) – \(WatchRefresh.clock(refresh.time)): \(refresh.totalRequests) requests, \(refresh.totalErrors) 5xx in the logs"
                + (refresh.errorsPerMinute.map { "; \(WatchRefresh.rate($0)) 5xx/min now" } ?? "")
                + (refresh.previousErrorsPerMinute.map { " (was \(WatchRefresh.rate($0)))" } ?? ""),
            "this refresh: \(refresh.newLogObjects) new log object\(refresh.newLogObjects == 1 ? "" : "s"), \(refresh.newRequests) requests, \(refresh.newErrors) 5xx, \(refresh.newMetricPoints) metric points",
            "",
        ]
        if refresh.causes.isEmpty {
            lines.append("No cause found so far.")
        } else {
            lines.append("Causes (whole window)")
            let width = refresh.causes.prefix(Self.panelCauses).map { $0.id.rawValue.count }.max() ?? 0
            for (index, cause) in refresh.causes.prefix(Self.panelCauses).enumerated() {
                let name = cause.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                let status = cause.status.map { " [\($0)]" } ?? ""
                lines.append(
                    "  \(index + 1). \(name)\(status)  \(cause.count)  \(LoadBalancerWatch.confidence(cause.confidence))  \(Self.mark(cause))"
                )
            }
            if refresh.causes.count > Self.panelCauses {
                lines.append("  … \(refresh.causes.count - Self.panelCauses) more")
            }
        }
        lines.append("")
        lines.append("Changes since the last refresh")
        let changes = refresh.refresh == 1 ? Array(refresh.changes.dropFirst()) : refresh.changes
        lines += changes.isEmpty ? ["  none"] : changes.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    static func mark(_ cause: WatchRefresh.Cause) -> String {
        switch cause.change {
        case .present: ""
        case .appeared: "new"
        case .rising: "↑ +\(cause.gained)"
        case .faded: "↓ faded"
        case .unchanged: "="
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds % 60 == 0 && seconds > 0 ? "\(seconds / 60)m" : "\(seconds)s"
    }

    /// One refresh as one line of JSON (sorted keys).
    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension WatchDisplay {
    /// The `--format` of `watch`: the four report formats plus `jsonl`.
    public enum Format: String, Sendable, CaseIterable {
        /// The live view, then the text report.
        case text
        /// One JSON object per refresh, then one with the report.
        case jsonl
        /// One line per refresh on standard error, the JSON report on standard output.
        case json
        /// One line per refresh on standard error, the Markdown report on standard output.
        case markdown
        /// One line per refresh on standard error, the HTML report on standard output.
        case html

        /// The report format of the final report (`jsonl` embeds the JSON one).
        public var reportFormat: ReportFormat {
            switch self {
            case .text: .text
            case .jsonl, .json: .json
            case .markdown: .markdown
            case .html: .html
            }
        }

        /// Whether the refreshes go to standard error (standard output holds only the report).
        public var refreshesOnStandardError: Bool { self == .json || self == .markdown || self == .html }
    }

    /// The display for `format`: a redrawn panel when the refreshes go to a terminal, else lines or JSON lines.
    public static func choose(format: Format, every: Duration, terminal: Bool) -> WatchDisplay {
        switch format {
        case .jsonl: WatchDisplay(mode: .jsonl, every: every)
        case .text: WatchDisplay(mode: terminal ? .terminal : .lines, every: every)
        case .json, .markdown, .html: WatchDisplay(mode: .lines, every: every)
        }
    }

    /// The last output: the report in `format` (`jsonl`: one object `{"type": "report", "ending", "report"}`).
    public static func final(
        _ outcome: WatchLoop.Outcome,
        format: Format,
        color: ColorMode
    ) throws(ReportRenderError) -> String {
        let text = try ReportOutput.render(outcome.report, format: format.reportFormat, color: color)
        guard format == .jsonl else { return text }
        guard
            let report = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
            let data = try? JSONSerialization.data(
                withJSONObject: ["type": "report", "ending": outcome.ending.rawValue, "report": report],
                options: [.sortedKeys, .withoutEscapingSlashes]
            )
        else { return text }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `90s`, `15m`, `2h`, or seconds as a bare number (nil when not a positive duration).
    public static func duration(parsing text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let factor = units[last] {
            digits = text.dropLast()
            unit = factor
        }
        guard let value = Int64(digits), value > 0 else { return nil }
        return .seconds(value * unit)
    }
}
