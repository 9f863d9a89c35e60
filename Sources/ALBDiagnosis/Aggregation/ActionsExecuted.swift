/// The `actions_executed` field of an access-log line: the actions the load balancer took, comma-separated
/// (`waf,forward`, `authenticate,fixed-response`).
public enum ActionsExecuted {
    /// Whether `actions` mentions `fixed-response` (a listener rule answered itself): a substring, as the Athena
    /// path's `LIKE '%fixed-response%'`. Compares UTF-8 bytes without allocating: `String.contains(_:)` with a
    /// string argument costs ~20,000 instructions a call, and this runs on every error line.
    public static func includesFixedResponse(_ actions: String) -> Bool {
        contains(actions, "fixed-response")
    }

    /// Whether `text`'s UTF-8 bytes hold `needle`'s.
    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        let wanted = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = wanted.first else { return true }
        func find(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= wanted.count else { return false }
            search: for i in 0...(bytes.count - wanted.count) where bytes[i] == first {
                for j in 1..<wanted.count where bytes[i + j] != wanted[j] { continue search }
                return true
            }
            return false
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(find) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(find)
    }
}
