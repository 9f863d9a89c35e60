/// Shared wording and figures for the status causes.
enum StatusCauseSupport {
    /// `"12 504s"`.
    static func count(_ n: Int, _ status: Int) -> String { n == 1 ? "1 \(status)" : "\(n) \(status)s" }

    /// The top keys of a count table, `key (n)`, most frequent first.
    static func top(_ table: [String: Int], limit: Int = 3) -> [(key: String, count: Int)] {
        table.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map {
            ($0.key, $0.value)
        }
    }

    /// `"/a (12), /b (3)"`.
    static func list(_ table: [String: Int], limit: Int = 3) -> String {
        let items = top(table, limit: limit).map { "\($0.key) (\($0.count))" }
        let more = table.count - items.count
        return items.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
    }

    /// The non-empty buckets of a histogram, `label: n`, in bucket order.
    static func distribution(_ h: ProcessingTimeHistogram) -> String {
        zip(ProcessingTimeHistogram.labels, h.counts).filter { $0.1 > 0 }.map { "\($0.0): \($0.1)" }
            .joined(separator: ", ")
    }

    /// The same as machine-readable details (`bucket_<label>`).
    static func distributionDetails(_ h: ProcessingTimeHistogram) -> [String: String] {
        var out: [String: String] = [:]
        for (label, n) in zip(ProcessingTimeHistogram.labels, h.counts) where n > 0 {
            out["bucket_\(label)"] = String(n)
        }
        return out
    }

    /// The basic access-log evidence of a group of lines.
    static func lines(
        _ stats: StatusSignatureStats,
        status: Int,
        what: String,
        details: [String: String] = [:]
    ) -> Evidence {
        var d = details
        d["count"] = String(stats.count)
        d["status"] = String(status)
        return Evidence(
            source: .accessLog,
            summary:
                "\(count(stats.count, status)) \(what) between \(Phrase.time(stats.span.first)) and \(Phrase.time(stats.span.last)).",
            details: d,
            examples: Array(stats.exampleLines.prefix(2))
        )
    }

    /// Where the lines went: targets, paths, target groups (only the non-empty ones).
    static func spread(_ stats: StatusSignatureStats, status: Int) -> Evidence {
        var parts: [String] = []
        var details: [String: String] = [:]
        if !stats.targets.isEmpty {
            parts.append("targets \(list(stats.targets))")
            details["targets"] = String(stats.targets.count)
            details["top_target"] = top(stats.targets, limit: 1).first?.key
        }
        if !stats.targetGroups.isEmpty {
            parts.append("target groups \(list(stats.targetGroups))")
            details["top_target_group"] = top(stats.targetGroups, limit: 1).first?.key
        }
        if !stats.paths.isEmpty {
            parts.append("paths \(list(stats.paths))")
            details["top_path"] = top(stats.paths, limit: 1).first?.key
        }
        return Evidence(
            source: .accessLog,
            summary: "Where the \(status)s went: " + parts.joined(separator: "; ") + ".",
            details: details
        )
    }

    /// Whether a target endpoint (`ip:port`) looks like HTTPS (port 443, 8443 or 9443).
    static func isTLSPort(_ target: String) -> Bool {
        guard let colon = target.lastIndex(of: ":") else { return false }
        return ["443", "8443", "9443"].contains(String(target[target.index(after: colon)...]))
    }
}
