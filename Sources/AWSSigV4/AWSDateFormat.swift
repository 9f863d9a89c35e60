import Foundation

/// UTC date formatting used by SigV4 (`20150830T123600Z`, `20150830`) and ISO 8601 output.
///
/// Computed arithmetically from the Unix time, so it is deterministic and independent of locale.
public enum AWSDateFormat {
    /// Civil UTC fields of a date.
    struct Fields {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
    }

    static func fields(_ date: Date) -> Fields {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Howard Hinnant's days-from-civil inverse.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Fields(
            year: year,
            month: month,
            day: day,
            hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60,
            second: secondOfDay % 60
        )
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `yyyyMMdd'T'HHmmss'Z'`, the `X-Amz-Date` form.
    public static func amzDate(_ date: Date) -> String {
        let f = fields(date)
        return pad(f.year, 4) + pad(f.month, 2) + pad(f.day, 2) + "T" + pad(f.hour, 2) + pad(f.minute, 2)
            + pad(f.second, 2) + "Z"
    }

    /// `yyyyMMdd`, the credential-scope date.
    public static func scopeDate(_ date: Date) -> String {
        let f = fields(date)
        return pad(f.year, 4) + pad(f.month, 2) + pad(f.day, 2)
    }

    /// `yyyy-MM-dd'T'HH:mm:ss'Z'`.
    public static func iso8601(_ date: Date) -> String {
        let f = fields(date)
        return pad(f.year, 4) + "-" + pad(f.month, 2) + "-" + pad(f.day, 2) + "T" + pad(f.hour, 2) + ":"
            + pad(f.minute, 2) + ":" + pad(f.second, 2) + "Z"
    }
}
