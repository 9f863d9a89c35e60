import ALBDiagnosis
import ALBReport
import ALBWire

/// The report of `alb-doctor probe`: per target the checks that ran, and the findings of the probe rules.
public struct ProbeReport: RenderableReport {
    /// One probed target.
    public struct Target: Sendable, Encodable, Hashable {
        /// What the probe observed.
        public var result: ProbeResult
        /// When the probe ran, µs since 1970 (certificate expiry is measured from it).
        public var observedAtMicros: Int64
        /// The causes it found for this target (empty when healthy).
        public var findings: [Finding]
        /// How long the probe of this target took, seconds.
        public var durationSeconds: Double { result.duration }

        /// A probed target; its findings are every cause's reading of `result`.
        public init(result: ProbeResult, observedAtMicros: Int64) {
            self.result = result
            self.observedAtMicros = observedAtMicros
            findings = Causes.findings(probe: result)
        }

        enum CodingKeys: String, CodingKey {
            case observation, findings
            case durationSeconds = "duration_seconds"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try encodeObservation(to: &container)
            try container.encode(findings, forKey: .findings)
            try container.encode(durationSeconds, forKey: .durationSeconds)
        }
    }

    /// A URL that could not be probed, with the reason.
    public struct Failure: Sendable, Codable, Hashable {
        public var url: String
        public var code: String
        public var message: String

        public init(url: String, code: String, message: String) {
            self.url = url
            self.code = code
            self.message = message
        }
    }

    public var title: String { "ALB target probe" }
    public var schemaVersion: Int { 1 }
    public var findingsTitle: String { "Causes found by the probe" }
    public var noFindingsMessage: String {
        targets.isEmpty
            ? "No target could be probed."
            : "No cause found: every target passed the checks below as the load balancer would run them."
    }

    /// The load balancer idle timeout the keep-alive check compared against, seconds.
    public var idleTimeout: Double
    /// The back-end TLS policy offered to https targets.
    public var backendPolicy: String
    /// Whether the keep-alive wait was skipped.
    public var quick: Bool
    /// The probed targets, in input order.
    public var targets: [Target]
    /// URLs that could not be probed (bad URL, name that does not resolve), in input order.
    public var failures: [Failure]
    /// What this run did not do (e.g. `--load-balancer` is not available).
    public var notes: [String]

    public init(
        idleTimeout: Double,
        backendPolicy: String,
        quick: Bool,
        targets: [Target],
        failures: [Failure],
        notes: [String] = []
    ) {
        self.idleTimeout = idleTimeout
        self.backendPolicy = backendPolicy
        self.quick = quick
        self.targets = targets
        self.failures = failures
        self.notes = notes
    }

    /// Every target's findings, ranked.
    public var findings: [Finding] { Finding.ranked(targets.flatMap(\.findings)) }

    public var sections: [ReportSection] {
        var sections: [ReportSection] = [
            ReportSection(
                title: "Probe",
                placement: .beforeFindings,
                blocks: [
                    .keyValues([
                        ReportKeyValue(
                            "targets",
                            "\(targets.count) probed"
                                + (failures.isEmpty ? "" : ", \(failures.count) not probed (below)")
                        ),
                        ReportKeyValue(
                            "idle timeout",
                            "\(Phrase.seconds(idleTimeout)) s (load balancer; --idle-timeout)"
                        ),
                        ReportKeyValue("back-end TLS policy", backendPolicy + " (https targets; --backend-policy)"),
                        ReportKeyValue(
                            "keep-alive wait",
                            quick ? "skipped (--quick)" : "up to the idle timeout + margin"
                        ),
                    ])
                ]
            )
        ]
        for target in targets {
            let observation = target.result
            let rows = ProbeChecks.rows(for: observation, observedAtMicros: target.observedAtMicros).map { row in
                ReportKeyValue(
                    row.check,
                    "\(row.verdict) — \(row.detail)",
                    emphasis: row.verdict == "ok"
                        ? .good : row.verdict == "FAIL" ? .bad : row.verdict == "info" ? .normal : .warning
                )
            }
            var blocks: [ReportBlock] = [.keyValues(rows)]
            if let response = observation.response, !response.headExcerpt.isEmpty,
                !(response.violations.isEmpty && response.outcome == .complete)
            {
                blocks.append(.verbatim(caption: "response head as received (escaped)", lines: [response.headExcerpt]))
            }
            if !observation.limitations.isEmpty {
                blocks.append(.bullets(observation.limitations.map { "not tested: " + $0 }))
            }
            sections.append(
                ReportSection(
                    title:
                        "Target \(observation.label) — \(target.findings.isEmpty ? "healthy" : "\(target.findings.count) cause\(target.findings.count == 1 ? "" : "s")") in \(Phrase.seconds((target.durationSeconds * 100).rounded() / 100)) s",
                    placement: .afterFindings,
                    blocks: blocks
                )
            )
        }
        if !failures.isEmpty {
            sections.append(
                ReportSection(
                    title: "Not probed",
                    blocks: [.bullets(failures.map { "\($0.url): \($0.message)" })]
                )
            )
        }
        if !notes.isEmpty {
            sections.append(ReportSection(title: "Notes", blocks: [.bullets(notes)]))
        }
        return sections
    }

    enum CodingKeys: String, CodingKey {
        case title, findings, targets, failures, notes, quick
        case idleTimeout = "idle_timeout_seconds"
        case backendPolicy = "backend_policy"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(findings, forKey: .findings)
        try container.encode(targets, forKey: .targets)
        try container.encode(failures, forKey: .failures)
        try container.encode(notes, forKey: .notes)
        try container.encode(quick, forKey: .quick)
        try container.encode(idleTimeout, forKey: .idleTimeout)
        try container.encode(backendPolicy, forKey: .backendPolicy)
    }
}
