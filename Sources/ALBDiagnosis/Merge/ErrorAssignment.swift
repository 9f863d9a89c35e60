/// Gives each error to the one finding that explains it best, so that causes do not claim the same errors
/// twice and impact ranking (errors × confidence) means what it says.
///
/// Findings that claim errors (``Finding/claims``: per status code and target) are taken most confident first
/// (then most errors, then cause id). Each takes what is still unexplained of the clusters it claims — the
/// logs' count of the cluster when known (`totals`), else the largest claim on it. A finding left with none of
/// its errors becomes an alternative of the finding that took them (``Finding/alternativeCauses``, with its own
/// confidence and what would tell them apart); one left with some keeps those, with a line saying where the
/// rest went. Findings without claims are kept as they are. The counts of the claiming findings then add up to
/// at most the errors of the clusters they claim.
public enum ErrorAssignment {
    /// The findings with every claimed error explained once, ranked.
    ///
    /// - Parameters:
    ///   - findings: the findings of every source, merged.
    ///   - totals: the errors per cluster as the logs counted them (empty when no logs were read).
    public static func assign(_ findings: [Finding], totals: [ErrorClaims.Key: Int] = [:]) -> [Finding] {
        var result = findings
        let order = result.indices.filter { !result[$0].claims.isEmpty }.sorted { a, b in
            let x = result[a]
            let y = result[b]
            if x.confidence != y.confidence { return x.confidence > y.confidence }
            if x.count != y.count { return x.count > y.count }
            return x.id != y.id ? x.id < y.id : (x.status ?? 0) < (y.status ?? 0)
        }
        guard order.count > 1 else { return Finding.ranked(result) }
        var available: [ErrorClaims.Key: Int] = [:]
        for i in order {
            for key in result[i].claims.keys {
                available[key] = totals[key] ?? max(available[key] ?? 0, result[i].claims[key])
            }
        }
        var owner: [ErrorClaims.Key: Int] = [:]
        var removed = Set<Int>()
        for i in order {
            let finding = result[i]
            var kept = ErrorClaims()
            var lostTo: [Int: Int] = [:]
            for key in finding.claims.keys {
                let wanted = finding.claims[key]
                let taken = min(wanted, available[key] ?? 0)
                available[key] = (available[key] ?? 0) - taken
                kept.add(status: key.status, target: key.target, count: taken)
                if let first = owner[key], taken < wanted {
                    lostTo[first, default: 0] += wanted - taken
                } else if owner[key] == nil && taken > 0 {
                    owner[key] = i
                }
            }
            let lost = finding.claims.total - kept.total
            guard lost > 0 else { continue }
            let remaining = max(0, finding.count - lost)
            let winner = lostTo.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
            if remaining == 0 || kept.isEmpty, let winner {
                var root = result[winner]
                if !root.alternatives.contains(finding.id) { root.alternatives.append(finding.id) }
                root.alternativeCauses.append(
                    Finding.Alternative(
                        id: finding.id,
                        confidence: finding.confidence,
                        count: finding.count,
                        confirm: finding.confirm
                    )
                )
                result[winner] = root
                removed.insert(i)
                // What it took goes back to the clusters for the findings after it.
                for key in kept.keys {
                    available[key, default: 0] += kept[key]
                    if owner[key] == i { owner[key] = nil }
                }
                continue
            }
            var trimmed = finding
            trimmed.count = remaining
            trimmed.claims = kept
            if let winner {
                trimmed.evidence.append(
                    Evidence(
                        source: .accessLog,
                        summary:
                            "\(lost) more of these errors are explained by \(result[winner].id.rawValue) (confidence \(Phrase.confidence(result[winner].confidence))) and counted there.",
                        details: ["explained_elsewhere": String(lost), "by": result[winner].id.rawValue]
                    )
                )
                if !trimmed.alternatives.contains(result[winner].id) {
                    trimmed.alternatives.append(result[winner].id)
                }
            }
            result[i] = trimmed
        }
        return Finding.ranked(result.indices.filter { !removed.contains($0) }.map { result[$0] })
    }
}
