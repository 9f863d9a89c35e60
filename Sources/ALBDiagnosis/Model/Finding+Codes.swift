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
}
