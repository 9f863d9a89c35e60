import ALBDiagnosis
import ALBSamples
import Foundation
import Testing

@Suite struct TriageAggregatorTests {
    static let text = SampleLogGenerator().generate().allLines.joined(separator: "\n") + "\n"

    @Test(arguments: [1, 7, 4096, 1 << 20])
    func chunkingDoesNotChangeTheResult(chunkSize: Int) {
        let whole = InMemoryScan.aggregate(Self.text).logs
        let chunked = InMemoryScan.aggregate(Self.text, chunkSize: chunkSize).logs
        #expect(chunked.requests == whole.requests)
        #expect(chunked.signatureRows.map(\.stats) == whole.signatureRows.map(\.stats))
    }

    @Test func splittingAndMergingGivesTheSameAnswerAndExamples() {
        let lines = Self.text.split(separator: "\n").map(String.init)
        let whole = InMemoryScan.aggregate(Self.text).logs
        let thirds = stride(from: 0, to: lines.count, by: lines.count / 3 + 1).map {
            lines[$0..<min(lines.count, $0 + lines.count / 3 + 1)].joined(separator: "\n") + "\n"
        }
        let merged = InMemoryScan.aggregate(parts: thirds).logs
        #expect(merged.requests == whole.requests)
        #expect(merged.elb502 == whole.elb502)
        #expect(merged.signatureRows.map(\.signature) == whole.signatureRows.map(\.signature))
        for (a, b) in zip(merged.signatureRows, whole.signatureRows) {
            #expect(a.stats.count == b.stats.count)
            #expect(a.stats.exampleLines == b.stats.exampleLines)
        }
        #expect(Diagnosis(logs: merged).findings == Diagnosis(logs: whole).findings)
    }

    @Test func boundedTablesFoldTheRestIntoOther() {
        var limits = TriageAggregator.Limits()
        limits.paths = 3
        limits.targets = 2
        let logs = InMemoryScan.aggregate(Self.text, limits: limits).logs
        #expect(logs.pathRows.count == 3)
        #expect(logs.targetRows.count == 2)
        #expect(logs.pathsOther.lines > 0)
        // Totals stay exact.
        let rows = logs.pathRows.reduce(0) { $0 + $1.stats.requests } + logs.pathsOther.stats.requests
        #expect(rows == logs.requests)
        let r502 = logs.pathRows.reduce(0) { $0 + $1.stats.elb502 } + logs.pathsOther.stats.elb502
        #expect(r502 == logs.elb502)
    }

    @Test func badLinesAreSkippedAndCountedWithoutTouchingCounts() {
        let good = LogLine(elbStatus: "502", targetStatus: "502").text
        let badStatus = good.replacingOccurrences(of: " 502 502 ", with: " 5x2 502 ")
        let (logs, scan) = InMemoryScan.aggregate([good, badStatus, "garbage", good].joined(separator: "\n") + "\n")
        #expect(logs.requests == 2)
        #expect(logs.elb502 == 2)
        #expect(scan.linesSkipped == 2)
        #expect(scan.skippedByReason.values.reduce(0, +) == 2)
        #expect(scan.errors.count == 2)
    }

    @Test func exampleSamplerIsOrderIndependent() {
        let lines = (0..<200).map { "line \($0)" }
        var forward = ExampleSampler(k: 3)
        for l in lines { forward.offer(l) }
        var backward = ExampleSampler(k: 3)
        for l in lines.reversed() { backward.offer(l) }
        var merged = ExampleSampler(k: 3)
        var a = ExampleSampler(k: 3)
        var b = ExampleSampler(k: 3)
        for l in lines.prefix(77) { a.offer(l) }
        for l in lines.dropFirst(77) { b.offer(l) }
        merged.merge(a)
        merged.merge(b)
        #expect(forward.lines == backward.lines)
        #expect(forward.lines == merged.lines)
        #expect(forward.lines.count == 3)
    }

    @Test func timelineCountsPerMinute() {
        let lines = [
            LogLine(seconds: 1), LogLine(seconds: 59, elbStatus: "502", targetStatus: "502"), LogLine(seconds: 61),
        ]
        let logs = InMemoryScan.aggregate(lines.map(\.text).joined(separator: "\n")).logs
        let minutes = logs.timeline.sorted { $0.key < $1.key }.map(\.value)
        #expect(minutes.map(\.requests) == [2, 1])
        #expect(minutes.map(\.elb502) == [1, 0])
    }
}
