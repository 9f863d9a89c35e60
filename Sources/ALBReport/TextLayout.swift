/// Layout helpers shared by the text and markdown renderers.
enum TextLayout {
    /// Pads `s` to `width` characters on the right (left alignment) or on the left.
    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }

    /// Column widths for a header plus rows (short rows count as empty cells).
    static func widths(_ table: ReportTable) -> [Int] {
        var widths = table.columns.map { $0.name.count }
        for row in table.rows {
            for i in widths.indices where i < row.count {
                widths[i] = max(widths[i], row[i].count)
            }
        }
        return widths
    }

    /// The row's cells normalised to the column count.
    static func cells(_ row: [String], count: Int) -> [String] {
        (0..<count).map { $0 < row.count ? row[$0] : "" }
    }

    /// A bar of `value` relative to `maximum`, `width` cells wide, in eighths.
    static func bar(_ value: Int, maximum: Int, width: Int) -> String {
        guard maximum > 0, value > 0 else { return "" }
        let eighths = max(1, Int((Double(value) / Double(maximum) * Double(width * 8)).rounded()))
        let full = eighths / 8
        let rest = eighths % 8
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: full) + partials[rest]
    }

    /// `0.85` → `"0.85"` (two decimals, deterministic).
    static func confidence(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// `value/total` as a percentage with one decimal, e.g. `"2.5%"`.
    static func percent(_ value: Int, of total: Int) -> String {
        guard total > 0 else { return "0%" }
        let tenths = Int((Double(value) * 1000 / Double(total)).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
