/// Read-only views of the aggregated tables, for rules and reports.
extension TriageAggregator {
    /// One row of a bounded table.
    public struct Row<Stats: Sendable>: Sendable {
        public var key: String
        public var stats: Stats
    }

    /// Targets (`ip:port`) in first-seen order.
    public var targetRows: [Row<TargetStats>] { targets.entries.map { Row(key: $0.key, stats: $0.stats) } }
    /// Target groups (full ARN) in first-seen order.
    public var targetGroupRows: [Row<GroupStats>] { targetGroups.entries.map { Row(key: $0.key, stats: $0.stats) } }
    /// Normalised paths in first-seen order.
    public var pathRows: [Row<GroupStats>] { paths.entries.map { Row(key: $0.key, stats: $0.stats) } }
    /// Client IPs (502 lines only) in first-seen order.
    public var clientRows: [Row<GroupStats>] { clients.entries.map { Row(key: $0.key, stats: $0.stats) } }
    /// Load balancers (`app/<name>/<id>`) in first-seen order.
    public var loadBalancerRows: [Row<GroupStats>] {
        loadBalancers.entries.map { Row(key: $0.key, stats: $0.stats) }
    }

    /// What did not fit in the bounded tables: (lines folded into "other", their statistics).
    /// 502s per client connection (`conn_trace_id`), in first-seen order (bounded: ``Limits/connections``).
    public var connection502Rows: [Row<ConnectionErrorStats>] {
        connections502.entries.map { Row(key: $0.key, stats: $0.stats) }
    }

    public var targetsOther: (lines: Int, stats: TargetStats) { (targets.otherLines, targets.other) }
    public var pathsOther: (lines: Int, stats: GroupStats) { (paths.otherLines, paths.other) }
    public var clientsOther: (lines: Int, stats: GroupStats) { (clients.otherLines, clients.other) }

    /// Every signature seen, in stable order, with its statistics.
    public var signatureRows: [(signature: Signature, stats: SignatureStats)] {
        signatureTable.keys.sorted().compactMap { k in signatureTable[k].map { (k, $0) } }
    }

    /// Count of one signature (0 if not seen).
    public func count(of signature: Signature) -> Int { signatureTable[signature]?.count ?? 0 }

    /// Count of all signatures with an id (any code).
    public func count(of id: SignatureID) -> Int {
        signatureTable.reduce(0) { $0 + ($1.key.id == id ? $1.value.count : 0) }
    }

    /// Statistics of one signature.
    public func stats(of signature: Signature) -> SignatureStats? { signatureTable[signature] }

    /// The normalised path for a path hash, if it has a row.
    func pathKey(forHash hash: UInt64) -> String? {
        paths.row(for: hash).map { paths.keys[$0] }
    }

    /// The path row index for a hash.
    func pathRow(forHash hash: UInt64) -> Int? { paths.row(for: hash) }

    /// Lines whose 502 signature had to be folded because too many distinct codes were seen.
    public var signaturesFolded: Int { signatureOverflow }
}
