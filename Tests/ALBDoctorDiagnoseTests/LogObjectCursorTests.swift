import Testing

@testable import ALBDoctor

/// Where `watch` goes on listing a day prefix from (``LogObjectCursor``).
@Suite struct LogObjectCursorTests {
    /// An object a slower node delivers late, for an interval already read, is still read (once).
    @Test func lateObjectOfAnIntervalAlreadySeenIsListedAgain() throws {
        let marker = "_app.web.abc_"
        let day = "alb/AWSLogs/1/elasticloadbalancing/us-east-1/2026/12/07/1_elasticloadbalancing_us-east-1"
        var cursor = LogObjectCursor()
        cursor.read(day + marker + "20261207T0605Z_10.0.0.9_a.log.gz", marker: marker)
        // The next listing starts ten minutes before the newest interval read: a key of 06:05 from a node whose
        // address sorts lower (10.0.0.1) is after it, the one already read is skipped.
        let start = try #require(cursor.startAfter)
        #expect(start == day + marker + "20261207T0555Z")
        #expect(day + marker + "20261207T0605Z_10.0.0.1_b.log.gz" > start)
        #expect(cursor.hasRead(day + marker + "20261207T0605Z_10.0.0.9_a.log.gz"))
        #expect(!cursor.hasRead(day + marker + "20261207T0605Z_10.0.0.1_b.log.gz"))
        // Keys older than the overlap are forgotten: memory stays bounded.
        cursor.read(day + marker + "20261207T0700Z_10.0.0.9_c.log.gz", marker: marker)
        #expect(!cursor.hasRead(day + marker + "20261207T0605Z_10.0.0.9_a.log.gz"))
        #expect(cursor.recent.count == 1)
    }
}
