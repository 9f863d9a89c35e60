import Foundation

/// Reads an evidence `details` object of a report's JSON as `[String: String]`, whatever the JSON types of
/// its values (plain decimal numbers are JSON numbers since schema_version 2): `30` → `"30"`, `2.5` → `"2.5"`.
public enum JSONDetails {
    /// The details as strings, or `nil` when `value` is not a JSON object.
    public static func strings(_ value: Any?) -> [String: String]? {
        guard let object = value as? [String: Any] else { return nil }
        var out: [String: String] = [:]
        for (key, value) in object {
            if let s = value as? String {
                out[key] = s
            } else if let n = value as? NSNumber {
                let d = n.doubleValue
                out[key] = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
            }
        }
        return out
    }
}
