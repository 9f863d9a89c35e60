import ALBDiagnosis
import Testing

@Suite struct StopAlignmentTests {
    /// 2026-01-01T10:00:00Z in seconds.
    static let t0: Int64 = LogLine.base / 1_000_000

    func at(_ offsets: [Int64], count: Int = 3) -> [(second: Int64, count: Int)] {
        offsets.map { (Self.t0 + $0, count) }
    }

    @Test func errorsStartingWithTheSignalAreAttributed() {
        let outcome = StopAlignment.align(
            errors: at([100, 101, 102, 104]),
            signal: (Self.t0 + 100) * 1_000_000,
            stopped: (Self.t0 + 130) * 1_000_000
        )
        guard case .attributed(let episode) = outcome else {
            Issue.record("expected attributed, got \(outcome)")
            return
        }
        #expect(episode.count == 12)
        #expect(episode.before == 0)
        #expect(episode.first == (Self.t0 + 100) * 1_000_000)
        #expect(episode.last == (Self.t0 + 104) * 1_000_000)
        #expect(episode.offsetSeconds == 0)
    }

    @Test func logClockBehindThePlatformWithinTheSkewIsTolerated() {
        // The load balancer's clock reads 3 s before ECS's stoppingAt: still the same stop.
        let outcome = StopAlignment.align(
            errors: at([97, 98]),
            signal: (Self.t0 + 100) * 1_000_000,
            stopped: nil
        )
        guard case .attributed(let episode) = outcome else {
            Issue.record("expected attributed, got \(outcome)")
            return
        }
        #expect(episode.offsetSeconds == -3)
        #expect(episode.count == 6)
    }

    @Test func skewBeyondTheToleranceIsNotTheStop() {
        // 502s that ended 20 s before the signal (and none after): not this stop.
        let outcome = StopAlignment.align(
            errors: at([70, 75, 80]),
            signal: (Self.t0 + 100) * 1_000_000,
            stopped: (Self.t0 + 110) * 1_000_000
        )
        #expect(outcome == .noErrorsNearStop)
    }

    @Test func aBurstThatStartedBeforeTheSignalIsNotAttributed() {
        // Errors every 2 s from t0+60 on, going on through the stop at t0+100: they were already happening.
        let offsets = Array(stride(from: Int64(60), through: 110, by: 2))
        let outcome = StopAlignment.align(
            errors: at(offsets),
            signal: (Self.t0 + 100) * 1_000_000,
            stopped: (Self.t0 + 105) * 1_000_000
        )
        guard case .startedBeforeStop(let episode) = outcome else {
            Issue.record("expected startedBeforeStop, got \(outcome)")
            return
        }
        #expect(episode.first == (Self.t0 + 60) * 1_000_000)
        #expect(episode.before > 0)
    }

    @Test func aLoneEarlierErrorDoesNotHideTheStop() {
        // One stray 502 8 s before the signal, then the burst: the burst is the stop's.
        let errors = [(Self.t0 + 92, 1)] + at([100, 101, 102], count: 10)
        let outcome = StopAlignment.align(
            errors: errors,
            signal: (Self.t0 + 100) * 1_000_000,
            stopped: (Self.t0 + 102) * 1_000_000
        )
        guard case .attributed(let episode) = outcome else {
            Issue.record("expected attributed, got \(outcome)")
            return
        }
        #expect(episode.before == 1)
        #expect(episode.count == 30)
    }

    @Test func errorsLongAfterTheStopAreNotAttributed() {
        let outcome = StopAlignment.align(
            errors: at([400, 401]),
            signal: (Self.t0 + 100) * 1_000_000,
            stopped: (Self.t0 + 130) * 1_000_000
        )
        #expect(outcome == .noErrorsNearStop)
    }

    @Test func errorSecondsKeepTheLatestSecondsExactlyInAnyOrder() {
        var a = ErrorSeconds()
        var b = ErrorSeconds()
        let times = (0..<400).map { Int64($0) * 1_000_000 + 250_000 }
        for t in times { a.add(time: t) }
        for t in times.reversed() { b.add(time: t) }
        #expect(a == b)
        #expect(a.counts.count == ErrorSeconds.capacity)
        #expect(a.counts.keys.min() == Int64(400 - ErrorSeconds.capacity))
        #expect(a.dropped == 400 - ErrorSeconds.capacity)
        var merged = ErrorSeconds()
        merged.add(time: 399_100_000)
        merged.merge(a)
        #expect(merged.counts[399] == 2)
    }
}
