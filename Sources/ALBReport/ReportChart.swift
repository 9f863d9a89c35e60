/// A chart the HTML renderer draws as inline SVG, built from a report's own data (never recomputed).
///
/// Text and markdown do not draw charts (they have the `timeline` block); JSON does not carry them (the
/// data they are drawn from is already in the report's JSON).
public struct ReportChart: Sendable, Hashable {
    /// What is drawn.
    public enum Kind: Sendable, Hashable {
        /// Counts per minute stacked by series (502s by signature), with event markers.
        case stackedBars(StackedBars)
        /// Several series per minute drawn as lines (access logs against CloudWatch).
        case lines(Lines)
        /// A table whose rows end with a small per-minute sparkline (targets).
        case sparklineTable(SparklineTable)
        /// One horizontal distribution per row (processing-time buckets per signature).
        case distributions(Distributions)
    }

    /// A stable id used as the HTML anchor (`chart-<id>`); a fixed word chosen by code, never data.
    public var id: String
    /// The heading.
    public var title: String
    /// A sentence under the heading.
    public var caption: String?
    /// Before or after the findings.
    public var placement: ReportSection.Placement
    /// The content.
    public var kind: Kind

    /// Creates a chart.
    public init(
        id: String,
        title: String,
        caption: String? = nil,
        placement: ReportSection.Placement = .beforeFindings,
        kind: Kind
    ) {
        self.id = id
        self.title = title
        self.caption = caption
        self.placement = placement
        self.kind = kind
    }

    /// Per-minute stacked bars.
    public struct StackedBars: Sendable, Hashable {
        /// One minute.
        public struct Bar: Sendable, Hashable {
            /// Minutes since the epoch (UTC).
            public var minute: Int64
            /// The x label (`2026-11-24T09:05Z`).
            public var label: String
            /// One value per series, in `series` order.
            public var values: [Int]
            /// The reference total (all requests that minute).
            public var total: Int

            /// Creates a bar.
            public init(minute: Int64, label: String, values: [Int], total: Int) {
                self.minute = minute
                self.label = label
                self.values = values
                self.total = total
            }

            /// The sum of the stacked values.
            public var sum: Int { values.reduce(0, +) }
        }

        /// A vertical marker at a minute.
        public struct Marker: Sendable, Hashable {
            /// What kind of event it marks (its colour).
            public enum Kind: String, Sendable, Hashable {
                /// A configuration change (CloudTrail).
                case change
                /// The first 502 of a cause or signature.
                case first
                /// The last 502 of a cause or signature.
                case last
            }

            /// Minutes since the epoch (UTC).
            public var minute: Int64
            /// What it marks.
            public var kind: Kind
            /// One line, e.g. "DeregisterTargets i-0abc by autoscaling".
            public var text: String

            /// Creates a marker.
            public init(minute: Int64, kind: Kind, text: String) {
                self.minute = minute
                self.kind = kind
                self.text = text
            }
        }

        /// Series names, bottom of the stack first (legend order).
        public var series: [String]
        /// Every minute of the window in order, zero minutes included.
        public var bars: [Bar]
        /// Markers, in time order.
        public var markers: [Marker]
        /// What one unit is (e.g. "502s").
        public var valueName: String
        /// How many minutes one bar covers (1 up to a day of logs); a bar's `minute` is its first minute.
        public var minutesPerBar: Int64

        /// Creates the chart data.
        public init(
            series: [String],
            bars: [Bar],
            markers: [Marker] = [],
            valueName: String,
            minutesPerBar: Int64 = 1
        ) {
            self.series = series
            self.bars = bars
            self.markers = markers
            self.valueName = valueName
            self.minutesPerBar = max(1, minutesPerBar)
        }
    }

    /// Line series over minutes.
    public struct Lines: Sendable, Hashable {
        /// One series.
        public struct Series: Sendable, Hashable {
            /// Its legend name.
            public var name: String
            /// (minute since the epoch, value) points in time order.
            public var points: [Point]

            /// Creates a series.
            public init(name: String, points: [Point]) {
                self.name = name
                self.points = points
            }
        }

        /// One point.
        public struct Point: Sendable, Hashable {
            /// Minutes since the epoch (UTC).
            public var minute: Int64
            /// The value.
            public var value: Double

            /// Creates a point.
            public init(minute: Int64, value: Double) {
                self.minute = minute
                self.value = value
            }
        }

        /// The series (at most a handful).
        public var series: [Series]

        /// Creates the chart data.
        public init(series: [Series]) {
            self.series = series
        }
    }

    /// A table with a sparkline per row.
    public struct SparklineTable: Sendable, Hashable {
        /// One row.
        public struct Row: Sendable, Hashable {
            /// The cells, one per column.
            public var cells: [String]
            /// The row's values per minute, aligned on the chart's minutes.
            public var sparkline: [Int]
            /// The target's health checks in the same slots, drawn as a strip under the sparkline (`nil`: none read).
            public var healthChecks: [HealthCheckSlot]?

            /// Creates a row.
            public init(cells: [String], sparkline: [Int], healthChecks: [HealthCheckSlot]? = nil) {
                self.cells = cells
                self.sparkline = sparkline
                self.healthChecks = healthChecks
            }
        }

        /// What a target's health checks showed in one slot of the strip.
        public enum HealthCheckSlot: String, Sendable, Hashable {
            /// No check in the slot.
            case none
            /// Every check passed.
            case pass
            /// Every check failed.
            case fail
            /// Some passed, some failed.
            case mixed
        }

        /// The table's columns (the sparkline column is added after them).
        public var columns: [ReportTable.Column]
        /// The rows.
        public var rows: [Row]
        /// The sparkline column's heading.
        public var sparklineName: String
        /// A note printed below.
        public var note: String?

        /// Creates the table.
        public init(columns: [ReportTable.Column], rows: [Row], sparklineName: String, note: String? = nil) {
            self.columns = columns
            self.rows = rows
            self.sparklineName = sparklineName
            self.note = note
        }
    }

    /// Distributions over fixed buckets, one per row.
    public struct Distributions: Sendable, Hashable {
        /// One distribution.
        public struct Row: Sendable, Hashable {
            /// Its name (a signature).
            public var name: String
            /// One count per bucket, in `buckets` order.
            public var counts: [Int]

            /// Creates a row.
            public init(name: String, counts: [Int]) {
                self.name = name
                self.counts = counts
            }
        }

        /// Bucket labels, in order.
        public var buckets: [String]
        /// The rows.
        public var rows: [Row]

        /// Creates the chart data.
        public init(buckets: [String], rows: [Row]) {
            self.buckets = buckets
            self.rows = rows
        }
    }
}
