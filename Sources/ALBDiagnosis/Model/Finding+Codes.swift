extension Finding {
    /// The causes of a report that covers several status codes, ranked together: the 502 causes (only when the
    /// report shows 502s), each selected code's own causes, and the 502 engine's causes that also explain other
    /// codes (``countsByStatus``: a target that stopped while registered explains its 504 connection timeouts
    /// and the 460s of clients that gave up on it), counted over the codes shown — so that under `--status 504`
    /// a stop is named for its 504s even though 502 is not shown.
    ///
    /// - Parameters:
    ///   - causes502: the 502 engine's findings.
    ///   - statusFindings: the findings of the other selected codes.
    ///   - selected: the codes the report covers.
    ///   - shows502: whether the 502 sections are shown (502 selected and present).
    public static func acrossCodes(
        _ causes502: [Finding],
        _ statusFindings: [Finding],
        selected: Set<Int>,
        shows502: Bool
    ) -> [Finding] {
        let shown = shows502 ? selected.union([502]) : selected.subtracting([502])
        let kept = causes502.compactMap { finding -> Finding? in
            if finding.countsByStatus.isEmpty { return shows502 ? finding : nil }
            return finding.counted(selected: shown)
        }
        return ranked(kept + statusFindings)
    }

    /// The causes of a 502 report: those that explain several codes counted over their 502s, and dropped when
    /// they explain none (a stop seen only in 504 connection timeouts is not a 502 cause).
    public static func counted502(_ causes: [Finding]) -> [Finding] {
        causes.compactMap { $0.countsByStatus.isEmpty ? $0 : $0.counted(selected: [502]) }
    }

    /// The errors it explains as a report prints them: `14 × 504`, or `22 errors: 3 × 502, 14 × 504, 5 × 460`
    /// when it explains several codes (502 first, then by count); nil when the evidence is not a count (0).
    public var countPhrase: String? {
        guard count > 0 else { return nil }
        let codes = countsByStatus.filter { $0.value > 0 }.sorted { a, b in
            if (a.key == 502) != (b.key == 502) { return a.key == 502 }
            return a.value != b.value ? a.value > b.value : a.key < b.key
        }
        switch codes.count {
        case 0: return "\(count) × \(status ?? 502)"
        case 1: return "\(count) × \(codes[0].key)"
        default: return "\(count) errors: " + codes.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        }
    }
}
