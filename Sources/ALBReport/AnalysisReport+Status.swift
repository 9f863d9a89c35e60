import ALBDiagnosis

extension AnalysisReport {
    /// One selected status code other than 502 (JSON `statuses[]`).
    public struct StatusEntry: Sendable, Codable, Hashable {
        public var status: Int
        public var count: Int
        public var source: Source
        public var signatures: [StatusSignatureEntry]
        public var examples: [StatusExamples]
        /// The targets with most lines of this code (at most ``AnalysisReport/topRows``).
        public var targets: [KeyCount] = []
        /// The normalised paths with most lines of this code.
        public var paths: [KeyCount] = []
        /// First and last line of this code.
        public var first: String?
        public var last: String?
    }

    /// A key and its count (a target or a path of one status code).
    public struct KeyCount: Sendable, Codable, Hashable {
        public var key: String
        public var count: Int
    }

    /// One signature of a non-502 code and its exact count.
    public struct StatusSignatureEntry: Sendable, Codable, Hashable {
        public var id: String
        public var code: String?
        public var count: Int
        public var first: String?
        public var last: String?
    }

    /// Example lines of one non-502 signature.
    public struct StatusExamples: Sendable, Codable, Hashable {
        public var id: String
        public var code: String?
        public var lines: [String]
    }

    /// The load-balancer-generated codes a report did not cover, and the `--status` that covers them.
    public struct OtherCodes: Sendable, Codable, Hashable {
        /// One code: all its lines and how many the load balancer generated.
        public struct Code: Sendable, Codable, Hashable {
            public var status: Int
            public var count: Int
            public var loadBalancer: Int
            enum CodingKeys: String, CodingKey {
                case status, count
                case loadBalancer = "load_balancer"
            }
        }

        public var codes: [Code]
        /// The shortest option that reports them: `--status 504` for one code, `--status all-elb` for several.
        public var option: String
        /// The 5xx codes the targets answered themselves that the report does not cover (JSON `target_codes`,
        /// omitted when none): their section is `--status target-5xx`.
        public var targetCodes: [Code]?

        /// The load-balancer-generated codes (≥ 400) other than `excluding`, and (`targetCodes`) the targets'
        /// own 5xx other than `excluding`; `nil` when there is none of either. The 502 report (`--status 502`)
        /// lists the load balancer's codes only, as it always has.
        public init?(_ statuses: StatusAggregator, excluding: Set<Int>, targetCodes includeTargets: Bool = true) {
            func code(_ status: Int, _ stats: StatusStats) -> Code {
                Code(status: status, count: stats.count, loadBalancer: stats.sources[.loadBalancer] ?? 0)
            }
            codes = statuses.loadBalancerCodes.filter { !excluding.contains($0.status) }.map {
                code($0.status, $0.stats)
            }
            let target = statuses.codes.filter { status, stats in
                includeTargets && (500...599).contains(status) && status != 502 && !excluding.contains(status)
                    && (stats.sources[.target] ?? 0) > 0
            }.sorted { $0.key < $1.key }.map { code($0.key, $0.value) }
            guard !codes.isEmpty || !target.isEmpty else { return nil }
            targetCodes = target.isEmpty ? nil : target
            option = codes.count == 1 ? "--status \(codes[0].status)" : "--status all-elb"
            if codes.isEmpty { option = "--status target-5xx" }
        }

        enum CodingKeys: String, CodingKey {
            case codes, option
            case targetCodes = "target_codes"
        }
    }

    /// Applies the status selection: the selected codes' attribution, signatures and examples, and the causes
    /// of every selected code ranked together (the 502 causes only when 502 is selected). `selection` is
    /// concrete (``StatusSelection/resolved(against:)``); `automatic` says it was chosen from the logs (no
    /// `--status`). The 502 report (`--status 502`, or logs with no other error) is left as it is.
    public mutating func apply(
        selection: StatusSelection,
        automatic: Bool = false,
        statuses aggregate: StatusAggregator,
        findings: [Finding]
    ) {
        guard !selection.isDefault else {
            // A 502 report: the causes counted over their 502s (a stop seen only in 504s is not a 502 cause).
            causes = Finding.counted502(causes)
            return
        }
        statusSelection = selection.description
        automaticSelection = automatic
        statusSelectionReason =
            automatic
            ? "no --status: the codes these logs hold"
            : "--status \(selection.description)"
        let selected = aggregate.codes.keys.sorted().filter { selection.contains($0, in: aggregate) }
        selectedCodes = selected
        // The 502 sections only when 502 is selected and there is one: no empty 502 tables under another code.
        shows502 = selection.contains(502, in: aggregate) && elb502 > 0
        statuses = selected.filter { $0 != 502 }.compactMap { status in
            guard let stats = aggregate.codes[status] else { return nil }
            let rows = aggregate.signatures(of: status)
            return StatusEntry(
                status: status,
                count: stats.count,
                source: Source(
                    loadBalancer: stats.sources[.loadBalancer] ?? 0,
                    target: stats.sources[.target] ?? 0,
                    other: stats.sources[.other] ?? 0
                ),
                signatures: rows.map {
                    StatusSignatureEntry(
                        id: $0.signature.id,
                        code: $0.signature.code,
                        count: $0.stats.count,
                        first: $0.stats.span.first.map(Phrase.preciseTime),
                        last: $0.stats.span.last.map(Phrase.preciseTime)
                    )
                },
                examples: rows.map {
                    StatusExamples(id: $0.signature.id, code: $0.signature.code, lines: $0.stats.exampleLines)
                },
                targets: Self.topKeys(rows.map(\.stats.targets)),
                paths: Self.topKeys(rows.map(\.stats.paths)),
                first: stats.span.first.map(Phrase.preciseTime),
                last: stats.span.last.map(Phrase.preciseTime)
            )
        }
        causes = Finding.acrossCodes(causes, findings, selected: Set(selected), shows502: shows502)
        otherLoadBalancerCodes = OtherCodes(aggregate, excluding: Set(selected))
    }

    /// The keys with most lines over several signatures' maps (`(other)` last), at most ``topRows``.
    static func topKeys(_ maps: [[String: Int]]) -> [KeyCount] {
        var total: [String: Int] = [:]
        for map in maps { for (k, v) in map { total[k, default: 0] += v } }
        return total.filter { $0.key != "-" }.map { KeyCount(key: $0.key, count: $0.value) }
            .sorted { a, b in
                if (a.key == "(other)") != (b.key == "(other)") { return b.key == "(other)" }
                return a.count != b.count ? a.count > b.count : a.key < b.key
            }
            .prefix(topRows).map { $0 }
    }

    // MARK: Sections

    var statusSections: [ReportSection] {
        (statuses ?? []).map { entry in
            let total = max(1, entry.count)
            let rows = entry.signatures.map {
                [
                    $0.id, $0.code ?? "", String($0.count), Phrase.percent(Double($0.count) / Double(total)),
                    $0.first.map(Self.shortTime) ?? "-", $0.last.map(Self.shortTime) ?? "-",
                ]
            }
            return ReportSection(
                title: "HTTP \(entry.status): who produced them and their signatures",
                placement: .beforeFindings,
                blocks: [
                    .keyValues([
                        ReportKeyValue("Lines", String(entry.count)),
                        ReportKeyValue(
                            "Load balancer",
                            "\(entry.source.loadBalancer)  (no target status, or a partial target response)",
                            emphasis: entry.source.loadBalancer > 0 ? .bad : .normal
                        ),
                        ReportKeyValue("Target", "\(entry.source.target)  (target_status_code \(entry.status))"),
                        ReportKeyValue("Other", "\(entry.source.other)  (fixed-response, another target status)"),
                    ]),
                    .table(
                        ReportTable(
                            columns: [
                                .init("signature"), .init("code"), .init("count", alignment: .right),
                                .init("share", alignment: .right), .init("first"), .init("last"),
                            ],
                            rows: rows
                        )
                    ),
                ] + Self.keyCountTables(entry)
            )
        }
    }

    /// The targets and paths of one code, when the lines name any.
    static func keyCountTables(_ entry: StatusEntry) -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        for (name, rows) in [("target", entry.targets), ("path", entry.paths)] where !rows.isEmpty {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "\(entry.status)s by \(name)",
                        columns: [.init(name), .init("count", alignment: .right), .init("share", alignment: .right)],
                        rows: rows.map {
                            [$0.key, String($0.count), Phrase.percent(Double($0.count) / Double(max(1, entry.count)))]
                        }
                    )
                )
            )
        }
        return blocks
    }

    var statusExampleSections: [ReportSection] {
        (statuses ?? []).compactMap { entry in
            let blocks: [ReportBlock] = entry.examples.filter { !$0.lines.isEmpty }.map {
                .verbatim(caption: "\(entry.status) \($0.id)" + ($0.code.map { " \($0)" } ?? ""), lines: $0.lines)
            }
            guard !blocks.isEmpty else { return nil }
            return ReportSection(title: "Example lines (\(entry.status))", blocks: blocks)
        }
    }

    private func targetCodesBlocks(_ other: OtherCodes) -> [ReportBlock] {
        guard let target = other.targetCodes else { return [] }
        let list = target.map { "\($0.status) × \(Self.number($0.count))" }.joined(separator: ", ")
        return [
            .paragraph(
                "The targets answered \(list) themselves (the load balancer passed them through): `alb-doctor analyze … --status target-5xx` shows their targets and paths."
            )
        ]
    }

    var otherCodesSection: ReportSection? {
        guard let other = otherLoadBalancerCodes else { return nil }
        var blocks: [ReportBlock] = []
        if !other.codes.isEmpty {
            blocks.append(
                .table(
                    ReportTable(
                        columns: [
                            .init("status"), .init("by the load balancer", alignment: .right),
                            .init("all lines", alignment: .right),
                        ],
                        rows: other.codes.map { [String($0.status), String($0.loadBalancer), String($0.count)] }
                    )
                )
            )
            blocks.append(.paragraph("Their causes: `alb-doctor analyze … \(other.option)`."))
        }
        return ReportSection(
            title: other.codes.isEmpty
                ? "Targets' own 5xx not selected"
                : statusSelection == nil ? "Other load-balancer codes" : "Load-balancer codes not selected",
            blocks: blocks + targetCodesBlocks(other)
        )
    }
}
