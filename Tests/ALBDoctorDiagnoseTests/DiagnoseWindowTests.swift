import ALBAccessLog
import ALBDoctor
import Foundation
import Testing

/// The diagnosed window from `--since`, `--start`/`--end`, or `--end` alone.
@Suite struct DiagnoseWindowTests {
    static let now = Date(timeIntervalSince1970: 1_795_603_600)  // 2026-11-25T10:46:40Z

    static func window(since: String? = nil, start: String? = nil, end: String? = nil) throws -> (Int64, Int64) {
        var options = DiagnoseRun.Options(loadBalancer: "web")
        options.now = now
        options.since = since
        options.start = start
        options.end = end
        let w = try DiagnoseRun(options: options).window()
        return (w.start.microsecondsSinceEpoch / 1_000_000, w.end.microsecondsSinceEpoch / 1_000_000)
    }

    @Test func defaultsToTheLastHour() throws {
        #expect(try Self.window() == (1_795_600_000, 1_795_603_600))
        #expect(try Self.window(since: "30m") == (1_795_601_800, 1_795_603_600))
    }

    @Test func endAloneIsTheHourBeforeIt() throws {
        #expect(try Self.window(end: "2026-11-25T07:00:00Z") == (1_795_586_400, 1_795_590_000))
    }

    @Test func emptyOrInvertedWindowsAreErrors() {
        #expect(throws: DiagnoseError.self) { try Self.window(start: "2026-11-25T10:00Z", end: "2026-11-25T09:00Z") }
        #expect(throws: DiagnoseError.self) { try Self.window(since: "1h", start: "2026-11-25T09:00Z") }
    }
}
