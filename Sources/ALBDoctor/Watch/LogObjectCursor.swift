import Foundation

/// Where `watch` is in one day prefix of the access-log bucket: the listing of the next refresh starts after the
/// last key read, rewound by ``overlap`` so that an object a slower node delivers late for an interval already
/// seen (ALB writes one object per node every five minutes, and a key sorts by interval end, then node address)
/// is still listed; the keys read in that overlap are remembered and skipped, so no object is read twice.
///
/// Memory is bounded: only the keys whose interval ends within ``overlap`` of the newest one are kept.
struct LogObjectCursor: Sendable, Hashable {
    /// How far back each listing reaches before the newest interval read.
    static let overlap: TimeInterval = 600

    /// The key after which the next listing starts (nil: from the start of the prefix).
    private(set) var startAfter: String?
    /// Keys read whose interval ends within ``overlap`` of the newest, with that end.
    private(set) var recent: [String: Date] = [:]
    /// The newest interval end read.
    private(set) var newest: Date?

    /// Whether `key` was read already.
    func hasRead(_ key: String) -> Bool { recent[key] != nil }

    /// Records `key` (of the load balancer whose objects contain `marker`) as read.
    mutating func read(_ key: String, marker: String?) {
        guard let marker, let (end, prefix) = Self.intervalEnd(of: key, marker: marker) else {
            // A name without the interval: start after it, as it is.
            if startAfter.map({ key > $0 }) ?? true { startAfter = key }
            return
        }
        recent[key] = end
        if newest.map({ end > $0 }) ?? true { newest = end }
        guard let newest else { return }
        let from = newest.addingTimeInterval(-Self.overlap)
        recent = recent.filter { $0.value >= from }
        // `prefix` + the rewound end: every key of an interval at or after it sorts after this.
        startAfter = prefix + Self.compact(from)
    }

    /// The interval end written in an object name after the load balancer's marker (`…_app.NAME.ID_20261207T0605Z_…`),
    /// and the key up to that time.
    static func intervalEnd(of key: String, marker: String) -> (Date, String)? {
        guard let range = key.range(of: marker, options: .backwards) else { return nil }
        let stamp = key[range.upperBound...].prefix(14)
        guard stamp.count == 14, let date = parse(String(stamp)) else { return nil }
        return (date, String(key[..<range.upperBound]))
    }

    static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmm'Z'"
        return formatter
    }

    static func parse(_ text: String) -> Date? { formatter().date(from: text) }

    static func compact(_ date: Date) -> String { formatter().string(from: date) }
}
