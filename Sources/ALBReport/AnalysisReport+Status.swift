import ALBDiagnosis

extension AnalysisReport {
    /// One selected status code other than 502 (JSON `statuses[]`).
    public struct StatusEntry: Sendable, Codable, Hashable {
        public var status: Int
        public var count: Int
        public var source: Source
        public var signatures: [StatusSignatureEntry]
        public var examples: [StatusExamples]
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
        /// The option that reports them, e.g. `--status 460,503,504`.
        public var option: String

        /// The load-balancer-generated codes (≥ 400) other than `excluding`; `nil` when there is none.
        public init?(_ statuses: StatusAggregator, excluding: Set<Int>) {
            codes = statuses.loadBalancerCodes.filter { !excluding.contains($0.status) }.map {
                Code(status: $0.status, count: $0.stats.count, loadBalancer: $0.stats.sources[.loadBalancer] ?? 0)
            }
            guard !codes.isEmpty else { return nil }
            option = "--status " + codes.map { String($0.status) }.joined(separator: ",")
        }
    }

    /// Applies `--status`: the selected codes' attribution, signatures and examples, and the causes of
    /// every selected code ranked together (the 502 causes only when 502 is selected).
    public mutating func apply(selection: StatusSelection, statuses aggregate: StatusAggregator, findings: [Finding]) {
        guard !selection.isDefault else { return }
        statusSelection = selection.description
        let lbCodes = Set(aggregate.loadBalancerCodes.map(\.status))
        let selected = aggregate.codes.keys.sorted().filter {
            selection.contains($0, loadBalancerGenerated: lbCodes.contains($0))
        }
        shows502 = selection.contains(502, loadBalancerGenerated: lbCodes.contains(502))
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
                }
            )
        }
        causes = Finding.ranked((shows502 ? causes : []) + findings)
        otherLoadBalancerCodes = OtherCodes(aggregate, excluding: Set(selected))
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
                ]
            )
        }
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

    var otherCodesSection: ReportSection? {
        guard let other = otherLoadBalancerCodes else { return nil }
        return ReportSection(
            title: statusSelection == nil ? "Other load-balancer codes" : "Load-balancer codes not selected",
            blocks: [
                .table(
                    ReportTable(
                        columns: [
                            .init("status"), .init("by the load balancer", alignment: .right),
                            .init("all lines", alignment: .right),
                        ],
                        rows: other.codes.map { [String($0.status), String($0.loadBalancer), String($0.count)] }
                    )
                ),
                .paragraph("Their causes: `alb-doctor analyze … \(other.option)` (or `--status all-elb`)."),
            ]
        )
    }
}
