import ALBDiagnosis

extension AnalysisReport {
    /// One log type read besides the access logs (JSON `other_logs[]`): how many sources and lines.
    public struct LogTypeRead: Sendable, Codable, Hashable {
        /// `health-check` or `connection`.
        public var type: String
        /// Files or objects read.
        public var sources: Int
        /// Lines read, parsed and skipped.
        public var lines: Int
        public var parsed: Int
        public var skipped: Int
        /// The first problems, each naming file, line and field.
        public var errors: [String]

        /// Creates an entry.
        public init(type: String, sources: Int, lines: Int, parsed: Int, skipped: Int, errors: [String] = []) {
            self.type = type
            self.sources = sources
            self.lines = lines
            self.parsed = parsed
            self.skipped = skipped
            self.errors = errors
        }

        /// The scope line: `2 source(s), 1,440 lines (1,440 parsed, 0 skipped)`.
        var summary: String {
            "\(AnalysisReport.number(sources)) source(s), \(AnalysisReport.number(lines)) lines (\(AnalysisReport.number(parsed)) parsed, \(AnalysisReport.number(skipped)) skipped)"
        }

        /// The scope key: `Health-check logs`, `Connection logs`.
        var name: String {
            type == "health-check" ? "Health-check logs" : type == "connection" ? "Connection logs" : "\(type) logs"
        }
    }
}

extension AnalysisReport {
    /// One minute of a target's health checks (JSON `health_checks_by_minute` of a target row): `pass`, `fail`.
    public struct HealthCheckCounts: Sendable, Codable, Hashable {
        /// Checks that passed.
        public var pass: Int
        /// Checks that failed.
        public var fail: Int

        /// Creates the counts.
        public init(pass: Int, fail: Int) {
            self.pass = pass
            self.fail = fail
        }

        /// The checks of `target` per minute label over all its target groups; `nil` when the logs have none.
        static func perMinute(of target: String, in checks: HealthCheckAggregator) -> [String: HealthCheckCounts]? {
            var out: [String: HealthCheckCounts] = [:]
            for row in checks.rows(target: target) {
                for (minute, counts) in row.minutes {
                    let label = UTCTime.iso8601Minute(micros: minute * 60_000_000)
                    let sum = out[label] ?? HealthCheckCounts(pass: 0, fail: 0)
                    out[label] = HealthCheckCounts(pass: sum.pass + counts.pass, fail: sum.fail + counts.fail)
                }
            }
            return out.isEmpty ? nil : out
        }
    }
}
