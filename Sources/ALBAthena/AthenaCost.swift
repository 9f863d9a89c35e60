/// What Athena bills: $5 per TB (10^12 bytes) scanned, each query rounded up to the next MB (10^6 bytes)
/// with a 10 MB minimum (the Athena pricing page; DDL statements and failed queries are not billed).
public enum AthenaCost {
    /// The published price per TB scanned, in US dollars.
    public static let dollarsPerTB = 5.0
    /// Athena bills at least this many bytes per query.
    public static let minimumBilledBytes: Int64 = 10_000_000
    /// Each query's bytes are rounded up to a multiple of this.
    public static let billingUnit: Int64 = 1_000_000

    /// The bytes billed for one query that scanned `bytes`.
    public static func billed(_ bytes: Int64) -> Int64 {
        let rounded = (max(0, bytes) + billingUnit - 1) / billingUnit * billingUnit
        return max(rounded, minimumBilledBytes)
    }

    /// The dollars a set of queries cost, given the bytes each scanned.
    public static func dollars(_ scanned: [Int64]) -> Double {
        Double(scanned.reduce(Int64(0)) { $0 + billed($1) }) / 1e12 * dollarsPerTB
    }

    /// The dollars, rounded to a millionth (the JSON `cost_usd`).
    public static func rounded(_ dollars: Double) -> Double {
        (dollars * 1_000_000).rounded() / 1_000_000
    }
}
