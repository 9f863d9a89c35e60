import ALBAccessLog

extension MetricSeries {
    /// Whether `other` is the same metric (namespace, name, dimensions, statistic and period).
    public func isSameMetric(as other: MetricSeries) -> Bool {
        namespace == other.namespace && name == other.name && dimensions == other.dimensions
            && statistic == other.statistic && periodSeconds == other.periodSeconds
    }

    /// This series with the points of a later read of the same metric folded in: a point of `later` replaces the
    /// one at the same time (the last period read before may have been partial), the others are added, in time
    /// order; `complete` is the later read's.
    public func merging(_ later: MetricSeries) -> MetricSeries {
        var byTime: [LogTimestamp: Double] = [:]
        for point in points { byTime[point.time] = point.value }
        for point in later.points { byTime[point.time] = point.value }
        return MetricSeries(
            namespace: namespace,
            name: name,
            dimensions: dimensions,
            statistic: statistic,
            points: byTime.map { Point(time: $0.key, value: $0.value) },
            complete: later.complete,
            periodSeconds: periodSeconds
        )
    }

    /// `earlier` with each series of `later` folded in (``merging(_:)``); a series only in `later` is added, in
    /// `later`'s order after the earlier ones.
    public static func merged(_ earlier: [MetricSeries]?, _ later: [MetricSeries]?) -> [MetricSeries]? {
        guard let later else { return earlier }
        guard var out = earlier else { return later }
        for series in later {
            if let index = out.firstIndex(where: { $0.isSameMetric(as: series) }) {
                out[index] = out[index].merging(series)
            } else {
                out.append(series)
            }
        }
        return out
    }

    /// Points of `later` that `earlier` lacks or holds with another value (what a later read brought).
    public static func changedPoints(from earlier: [MetricSeries]?, to later: [MetricSeries]?) -> Int {
        var changed = 0
        for series in later ?? [] {
            let known = earlier?.first { $0.isSameMetric(as: series) }
            let values = Dictionary((known?.points ?? []).map { ($0.time, $0.value) }, uniquingKeysWith: { _, b in b })
            changed += series.points.filter { values[$0.time] != $0.value }.count
        }
        return changed
    }
}
