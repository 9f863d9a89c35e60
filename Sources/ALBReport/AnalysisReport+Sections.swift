import ALBDiagnosis

extension AnalysisReport {
    public var sections: [ReportSection] {
        var out: [ReportSection] = [scopeSection]
        if shows502 {
            out += [sourceSection, signatureSection]
            if !notes.isEmpty {
                out.append(ReportSection(title: "Notes", placement: .beforeFindings, blocks: [.bullets(notes)]))
            }
        }
        out += statusSections
        if shows502 {
            out.append(contentsOf: breakdownSections)
            if let timelineSection { out.append(timelineSection) }
            if elb502 > 0 { out.append(processingTimeSection) }
            if !examples.isEmpty { out.append(exampleSection) }
        }
        out += statusExampleSections
        if let otherCodesSection { out.append(otherCodesSection) }
        return out
    }

    static func number(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }

    private var scopeSection: ReportSection {
        var pairs = [
            ReportKeyValue("Inputs", inputs.joined(separator: ", ")),
            ReportKeyValue("Time range", "\(timeRange.first ?? "-") .. \(timeRange.last ?? "-")"),
        ]
        if let engine { pairs += engine.keyValues }
        if window.since != nil || window.until != nil {
            pairs.append(ReportKeyValue("Window", "since \(window.since ?? "-"), until \(window.until ?? "-")"))
        }
        pairs.append(ReportKeyValue("Requests", Self.number(requests)))
        for read in otherLogs ?? [] {
            pairs.append(
                ReportKeyValue(read.name, read.summary, emphasis: read.skipped > 0 ? .warning : .normal)
            )
        }
        pairs.append(
            ReportKeyValue(
                "Load balancers",
                loadBalancers.map {
                    shows502
                        ? "\($0.key) (\(Self.number($0.requests ?? 0)) requests, \(Self.number($0.elb502)) × 502)"
                        : "\($0.key) (\(Self.number($0.requests ?? 0)) requests)"
                }
                .joined(separator: "; ")
            )
        )
        let fiveXX = statusCodes.filter { $0.key.hasPrefix("5") }.sorted { $0.key < $1.key }
            .map { "\($0.key): \(Self.number($0.value))" }.joined(separator: ", ")
        pairs.append(ReportKeyValue("5xx by code", fiveXX.isEmpty ? "none" : fiveXX))
        if shows502 {
            pairs.append(
                ReportKeyValue(
                    "ELB 502s",
                    "\(Self.number(elb502)) (\(Phrase.percent(elb502Rate)) of requests)",
                    emphasis: elb502 > 0 ? .bad : .good
                )
            )
        }
        if let selected = selectedCodes {
            let counts = selected.map { code in
                "\(code): \(Self.number(code == 502 ? elb502 : (statuses ?? []).first { $0.status == code }?.count ?? 0))"
            }
            pairs.append(
                ReportKeyValue(
                    "Selected codes",
                    (counts.isEmpty ? "none in these logs" : counts.joined(separator: ", "))
                        + (statusSelectionReason.map { " (\($0))" } ?? "")
                )
            )
        }
        var skippedText = Self.number(skipped.lines)
        if !skipped.reasons.isEmpty {
            skippedText +=
                " ("
                + skipped.reasons.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
                + ")"
        }
        if skipped.sourcesFailed > 0 { skippedText += "; \(skipped.sourcesFailed) file(s) failed" }
        pairs.append(ReportKeyValue("Lines skipped", skippedText, emphasis: skipped.lines > 0 ? .warning : .normal))
        if skipped.invalidUTF8Records > 0 {
            let fields = skipped.invalidUTF8ByField.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }
            pairs.append(
                ReportKeyValue(
                    "Non-UTF-8 bytes",
                    "\(Self.number(skipped.invalidUTF8Records)) record(s) kept, shown with U+FFFD ("
                        + fields.joined(separator: ", ") + ")",
                    emphasis: .warning
                )
            )
        }
        var blocks: [ReportBlock] = [.keyValues(pairs)]
        if !skipped.errors.isEmpty {
            blocks.append(.verbatim(caption: "First problems:", lines: Array(skipped.errors.prefix(5))))
        }
        for read in otherLogs ?? [] where !read.errors.isEmpty {
            blocks.append(.verbatim(caption: "First problems (\(read.name.lowercased())):", lines: read.errors))
        }
        return ReportSection(title: "Scope", placement: .beforeFindings, blocks: blocks)
    }

    private var sourceSection: ReportSection {
        ReportSection(
            title: "Who produced the 502s",
            placement: .beforeFindings,
            blocks: [
                .keyValues([
                    ReportKeyValue(
                        "Load balancer",
                        "\(Self.number(source.loadBalancer))  (elb_status_code 502, target_status_code -)",
                        emphasis: source.loadBalancer > 0 ? .bad : .normal
                    ),
                    ReportKeyValue(
                        "Target",
                        "\(Self.number(source.target))  (502 / 502: the target's own answer)",
                        emphasis: source.target > 0 ? .bad : .normal
                    ),
                    ReportKeyValue(
                        "Other",
                        "\(Self.number(source.other))  (another target status, or no target at all)"
                    ),
                ])
            ]
        )
    }

    private var signatureSection: ReportSection {
        let rows = signatures.map { s -> [String] in
            [
                s.id.rawValue, s.code ?? "", Self.number(s.count),
                Phrase.percent(elb502 > 0 ? Double(s.count) / Double(elb502) : 0),
                s.first.map(Self.shortTime) ?? "-", s.last.map(Self.shortTime) ?? "-",
            ]
        }
        return ReportSection(
            title: "Signatures",
            placement: .beforeFindings,
            blocks: rows.isEmpty
                ? [.paragraph("No 502 lines.")]
                : [
                    .table(
                        ReportTable(
                            columns: [
                                .init("signature"), .init("code"), .init("count", alignment: .right),
                                .init("share", alignment: .right), .init("first"), .init("last"),
                            ],
                            rows: rows
                        )
                    )
                ]
        )
    }

    /// `2026-11-24T09:50:30.002103Z` → `09:50:30` (same-day reports stay narrow).
    static func shortTime(_ iso: String) -> String {
        guard let t = iso.firstIndex(of: "T") else { return iso }
        return String(iso[iso.index(after: t)...].prefix(8))
    }

    private static func signatureColumns(_ c: SignatureCounts) -> [String] {
        [SignatureID.targetReturned502, .notDispatched, .noValidResponse, .lambdaError, .other].map {
            c[$0] > 0 ? number(c[$0]) : ""
        }
    }

    private static let signatureHeaders: [ReportTable.Column] = [
        .init("t-502", alignment: .right), .init("not-disp", alignment: .right), .init("no-resp", alignment: .right),
        .init("lambda", alignment: .right), .init("other", alignment: .right),
    ]

    private func note(_ b: Breakdown, noun: String) -> String? {
        guard b.moreRows > 0 || b.more502 > 0 else { return nil }
        return "\(b.moreRows) more \(noun) and folded keys: \(Self.number(b.more502)) × 502"
    }

    private var breakdownSections: [ReportSection] {
        guard elb502 > 0 else { return [] }
        var out: [ReportSection] = []
        let b = breakdowns
        if !b.targets.rows.isEmpty {
            let named = b.targets.rows.contains { $0.workload != nil }
            let rows = b.targets.rows.map { r -> [String] in
                [
                    r.key, r.targetGroup ?? "-", Self.number(r.requests ?? 0), Self.number(r.elb502),
                    Phrase.percent(Double(r.elb502) / Double(max(1, r.requests ?? 0))),
                ] + Self.signatureColumns(r.signatures) + [
                    r.first502.map(Self.shortTime) ?? "-", r.last502.map(Self.shortTime) ?? "-",
                    r.lastRequest.map(Self.shortTime) ?? "-",
                ] + (named ? [r.workload ?? "-"] : [])
            }
            out.append(
                ReportSection(
                    title: "502s by target",
                    blocks: [
                        .table(
                            ReportTable(
                                columns: [
                                    .init("target"), .init("group"), .init("requests", alignment: .right),
                                    .init("502", alignment: .right), .init("rate", alignment: .right),
                                ] + Self.signatureHeaders + [.init("first 502"), .init("last 502"), .init("last req")]
                                    + (named ? [.init("workload")] : []),
                                rows: rows,
                                note: note(b.targets, noun: "targets")
                            )
                        )
                    ]
                )
            )
        }
        let simple: [(String, String, Breakdown, Bool)] = [
            ("502s by target group", "group", b.targetGroups, true),
            ("502s by subnet (target /24)", "subnet", b.subnets, true),
            ("502s by path (query stripped, ids collapsed)", "path", b.paths, true),
            ("502s by client", "client", b.clients, false),
        ]
        for (title, keyName, breakdown, hasRequests) in simple where !breakdown.rows.isEmpty {
            var columns: [ReportTable.Column] = [.init(keyName)]
            if hasRequests { columns += [.init("requests", alignment: .right)] }
            columns += [.init("502", alignment: .right)]
            if hasRequests { columns += [.init("rate", alignment: .right)] }
            columns += Self.signatureHeaders
            let rows = breakdown.rows.map { r -> [String] in
                var cells = [r.key + (r.targets.map { " (\($0) targets)" } ?? "")]
                if hasRequests { cells.append(Self.number(r.requests ?? 0)) }
                cells.append(Self.number(r.elb502))
                if hasRequests { cells.append(Phrase.percent(Double(r.elb502) / Double(max(1, r.requests ?? 0)))) }
                return cells + Self.signatureColumns(r.signatures)
            }
            out.append(
                ReportSection(
                    title: title,
                    blocks: [.table(ReportTable(columns: columns, rows: rows, note: note(breakdown, noun: "rows")))]
                )
            )
        }
        return out
    }

    private var timelineSection: ReportSection? {
        guard timeline.count > 1, elb502 > 0 else { return nil }
        // At most 60 rows: group minutes into buckets of 1, 2, 5, 10, 15, 30, 60, ... minutes.
        let minutes = timeline.count
        let steps = [1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440]
        let step = steps.first { (minutes + $0 - 1) / $0 <= 60 } ?? 1440
        var points: [ReportTimeline.Point] = []
        var i = 0
        while i < timeline.count {
            let chunk = timeline[i..<min(timeline.count, i + step)]
            let label = Self.minuteLabel(chunk.first?.minute ?? "")
            points.append(
                ReportTimeline.Point(
                    label: label,
                    value: chunk.reduce(0) { $0 + $1.elb502 },
                    total: chunk.reduce(0) { $0 + $1.requests }
                )
            )
            i += step
        }
        let caption = step == 1 ? "per minute (UTC)" : "per \(step) minutes (UTC); JSON has every minute"
        return ReportSection(
            title: "502s over time",
            blocks: [
                .timeline(ReportTimeline(caption: caption, valueName: "502s", totalName: "requests", points: points))
            ]
        )
    }

    /// `2026-11-24T09:05Z` → `11-24 09:05`.
    static func minuteLabel(_ iso: String) -> String {
        guard iso.count >= 16 else { return iso }
        let chars = Array(iso)
        return String(chars[5..<10]) + " " + String(chars[11..<16])
    }

    private var processingTimeSection: ReportSection {
        let labels = ProcessingTimeHistogram.labels
        let rows = processingTimes.map { p -> [String] in
            [p.code.map { "\(p.id.rawValue)/\($0)" } ?? p.id.rawValue]
                + labels.map { l in
                    p.buckets[l].map { Self.number($0) } ?? ""
                }
        }
        return ReportSection(
            title: "target_processing_time of 502s",
            blocks: [
                .table(
                    ReportTable(
                        columns: [.init("signature")] + labels.map { .init($0, alignment: .right) },
                        rows: rows
                    )
                )
            ]
        )
    }

    private var exampleSection: ReportSection {
        ReportSection(
            title: "Example lines",
            blocks: examples.map { e in
                .verbatim(
                    caption: e.code.map { "\(e.id.rawValue) (\($0)):" } ?? "\(e.id.rawValue):",
                    lines: Array(e.lines.prefix(2))
                )
            }
        )
    }
}
