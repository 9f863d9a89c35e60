/// A time range `[since, until)` used to select records by their own `time`, and files by the end time
/// in their name.
public struct TimeWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    public var since: LogTimestamp?
    public var until: LogTimestamp?

    public init(since: LogTimestamp? = nil, until: LogTimestamp? = nil) {
        self.since = since
        self.until = until
    }

    /// Parses `--since` / `--until` values: ISO 8601 (`2024-05-01T12:00:00Z`, `2024-05-01T12:00Z`,
    /// `2024-05-01`, with an optional fraction and `Z`/`±hh:mm` offset; no offset means UTC) or a
    /// duration before `now` (`90s`, `30m`, `2h`, `7d`, `1w`).
    public init(since: String?, until: String?, now: LogTimestamp) throws(TimeWindowError) {
        self.since = try since.map { (s) throws(TimeWindowError) in try TimeWindow.parseInstant(s, now: now) }
        self.until = try until.map { (s) throws(TimeWindowError) in try TimeWindow.parseInstant(s, now: now) }
        if let a = self.since, let b = self.until, b <= a {
            throw TimeWindowError(text: "\(a) … \(b)", message: "--until must be later than --since")
        }
    }

    /// Whether a record time lies in the window.
    @inline(__always)
    public func contains(_ t: LogTimestamp) -> Bool {
        if let since, t < since { return false }
        if let until, t >= until { return false }
        return true
    }

    /// Whether a file whose name says its 5-minute interval ends at `end` may hold records in the window.
    /// The file is assumed to hold records from `end − 5 min` to `end`, widened by one minute on each side.
    public func mayContainFile(endingAt end: LogTimestamp) -> Bool {
        if let since, end.adding(seconds: 60) < since { return false }
        if let until, end.adding(seconds: -360) >= until { return false }
        return true
    }

    public var description: String {
        "[\(since.map { $0.description } ?? "-∞"), \(until.map { $0.description } ?? "+∞"))"
    }

    /// Parses one instant (absolute or relative to `now`).
    public static func parseInstant(_ text: String, now: LogTimestamp) throws(TimeWindowError) -> LogTimestamp {
        let s = text.trimmingSpaces
        if let last = s.last, let amount = Int64(s.dropLast()), amount >= 0 {
            let unit: Int64? =
                switch last {
                case "s": 1
                case "m": 60
                case "h": 3600
                case "d": 86_400
                case "w": 604_800
                default: nil
                }
            if let unit { return now.adding(seconds: -amount * unit) }
        }
        if let t = parseISO(s) { return t }
        throw TimeWindowError(
            text: text,
            message: "expected an ISO 8601 time (2024-05-01T12:00:00Z) or a duration before now (30m, 2h, 7d)"
        )
    }

    static func parseISO(_ s: String) -> LogTimestamp? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for k in from..<(from + len) {
                let d = Int(b[k]) - 48
                guard d >= 0, d < 10 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard b.count >= 10, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2) else {
            return nil
        }
        var h = 0
        var mi = 0
        var sec = 0
        var micro = 0
        var i = 10
        if i < b.count {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " "), let hh = num(i + 1, 2), i + 3 < b.count,
                b[i + 3] == 58, let mm = num(i + 4, 2)
            else { return nil }
            h = hh
            mi = mm
            i += 6
            if i < b.count, b[i] == 58 {
                guard let ss = num(i + 1, 2) else { return nil }
                sec = ss
                i += 3
                if i < b.count, b[i] == UInt8(ascii: ".") {
                    i += 1
                    var digits = 0
                    while i < b.count, b[i] >= 48, b[i] <= 57 {
                        if digits < 6 { micro = micro * 10 + Int(b[i] - 48) }
                        digits += 1
                        i += 1
                    }
                    guard digits > 0 else { return nil }
                    while digits < 6 {
                        micro *= 10
                        digits += 1
                    }
                }
            }
        }
        var offsetSeconds: Int64 = 0
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
                guard let oh = num(i + 1, 2) else { return nil }
                var om = 0
                i += 3
                if i < b.count, b[i] == 58 { i += 1 }
                if i < b.count {
                    guard let m = num(i, 2) else { return nil }
                    om = m
                    i += 2
                }
                offsetSeconds = sign * Int64(oh * 3600 + om * 60)
            }
        }
        guard i == b.count,
            let t = LogTimestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: sec, microsecond: micro)
        else { return nil }
        return t.adding(seconds: -offsetSeconds)
    }
}

/// A `--since`/`--until` value that could not be understood.
public struct TimeWindowError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var message: String
    public var description: String { "invalid time \"\(text)\": \(message)" }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
