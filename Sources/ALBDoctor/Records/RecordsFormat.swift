/// Output format of `alb-doctor records`.
public enum RecordsFormat: String, Sendable, CaseIterable {
    /// One JSON object per line, keys = AWS field names (see Docs/AccessLogs.md).
    case jsonl
    /// A header row of AWS field names, then one tab-separated row per record.
    case tsv
}
