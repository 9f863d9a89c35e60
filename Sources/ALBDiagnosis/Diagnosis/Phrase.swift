/// Small deterministic formatting helpers for evidence sentences.
public enum Phrase {
    /// `0.0423` → `"4.2%"`.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "0%" }
        let tenths = Int((fraction * 1000).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))%"
    }

    /// `n of total (x%)`.
    public static func share(_ n: Int, of total: Int) -> String {
        "\(n) of \(total) (\(percent(total > 0 ? Double(n) / Double(total) : 0)))"
    }

    /// Seconds with up to three decimals, no trailing zeros (`30`, `0.25`).
    public static func seconds(_ s: Double) -> String {
        let ms = Int((s * 1000).rounded())
        var frac = String(ms % 1000)
        while frac.count < 3 { frac = "0" + frac }
        while frac.hasSuffix("0") { frac.removeLast() }
        return frac.isEmpty ? "\(ms / 1000)" : "\(ms / 1000).\(frac)"
    }

    /// µs timestamp → `2026-11-24T09:50:30Z`.
    public static func time(_ micros: Int64?) -> String {
        guard let micros else { return "-" }
        return UTCTime.iso8601Second(micros: micros)
    }

    /// µs timestamp → `2026-11-24T09:50:30.002103Z`.
    public static func preciseTime(_ micros: Int64?) -> String {
        guard let micros else { return "-" }
        return UTCTime.iso8601(micros: micros)
    }

    /// A list joined as `a, b and c`, at most `limit` items then `and N more`.
    public static func list(_ items: [String], limit: Int = 5) -> String {
        var shown = Array(items.prefix(limit))
        if items.count > limit { shown.append("\(items.count - limit) more") }
        switch shown.count {
        case 0: return ""
        case 1: return shown[0]
        default: return shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
        }
    }

    /// A confidence with two decimals: `0.9` → `"0.90"`.
    public static func confidence(_ value: Double) -> String {
        let hundredths = Int((min(1, max(0, value)) * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// `1` → `"1 502"`, `n` → `"n 502s"`.
    public static func count502(_ n: Int) -> String { n == 1 ? "1 502" : "\(n) 502s" }

    /// Bytes in decimal units, as AWS bills them: `812 B`, `12.06 MB`, `3.0 GB`.
    public static func bytes(_ n: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB", "PB"]
        var value = Double(n)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(n) B" }
        return "\((value * 100).rounded() / 100) \(units[unit])"
    }

    /// US dollars with four decimals: `0.00012` → `"$0.0001"`.
    public static func dollars(_ amount: Double) -> String {
        let tenThousandths = Int((amount * 10_000).rounded())
        let fraction = String(tenThousandths % 10_000)
        return "$\(tenThousandths / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
