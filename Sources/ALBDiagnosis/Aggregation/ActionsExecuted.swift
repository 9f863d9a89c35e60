/// The `actions_executed` field of an access-log line: the actions the load balancer took, comma-separated
/// (`waf,forward`, `authenticate,fixed-response`).
public enum ActionsExecuted {
    /// Whether `actions` mentions `fixed-response` (a listener rule answered itself): a substring, as the Athena
    /// path's `LIKE '%fixed-response%'`. Compares UTF-8 bytes without allocating: `String.contains(_:)` with a
    /// string argument costs ~20,000 instructions a call, and this runs on every error line.
    public static func includesFixedResponse(_ actions: String) -> Bool {
        ByteSearch.contains(actions, "fixed-response")
    }
}
