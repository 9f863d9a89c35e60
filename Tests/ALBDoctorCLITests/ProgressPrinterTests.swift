import ALBDoctor
import Foundation
import TestSupport
import Testing

@Suite struct ProgressPrinterTests {
    @Test func objectBarFillsByBytesAndEndsAtTheTotal() {
        let output = CapturedText()
        let printer = ProgressPrinter(minimumInterval: 0) { output.append($0) }
        printer.step("metrics: CloudWatch GetMetricData…")
        printer.beginObjects(count: 4, bytes: 4_000_000)
        printer.objectDone(bytes: 1_000_000)
        printer.advance(lines: 1200, bytes: 300_000)
        printer.objectDone(bytes: 3_000_000)
        printer.finish()
        let frames = output.frames
        #expect(frames.first == "metrics: CloudWatch GetMetricData…")
        #expect(frames.contains { $0.hasPrefix("s3 [-----") && $0.contains("0/4 objects, 0.0/4.0 MB") })
        #expect(frames.contains { $0.hasPrefix("s3 [#####---------------] 1/4 objects, 1.0/4.0 MB, 0 lines") })
        #expect(frames.contains { $0.hasPrefix("s3 [####################] 2/4 objects, 4.0/4.0 MB, 1200 lines") })
    }

    @Test func redrawsAtMostOncePerIntervalButAlwaysTheLastObject() {
        let output = CapturedText()
        let printer = ProgressPrinter(minimumInterval: 3600) { output.append($0) }
        printer.beginObjects(count: 3, bytes: 30)
        for _ in 0..<3 { printer.objectDone(bytes: 10) }
        for _ in 0..<100 { printer.advance(lines: 10, bytes: 100) }
        // beginObjects and the last object are always drawn; the rest waits for the interval.
        #expect(output.frames.count == 2)
        #expect(output.frames.last?.contains("3/3 objects") == true)
    }

    @Test func finishClearsTheLineOnlyWhenSomethingWasDrawn() {
        let output = CapturedText()
        let printer = ProgressPrinter(minimumInterval: 0) { output.append($0) }
        printer.finish()
        #expect(output.frames.isEmpty)
    }
}
