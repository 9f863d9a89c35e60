import ALBAccessLog
import Foundation
import Testing

/// Lines that real clients and older load balancers produce: bytes that are not UTF-8 inside quoted fields,
/// fields that older lines leave unquoted, and lines that are not access-log lines at all.
@Suite struct AccessLogLenienceTests {
    /// The AWS HTTPS example cut after trace_id, followed by `tail` (older lines, as in lnav's test suite).
    static func older(_ tail: String) -> String {
        let tokens = TestLines.awsHTTPS.split(separator: " ").map(String.init)
        let traceIndex = tokens.firstIndex { $0.hasPrefix("\"Root=") } ?? 17
        return tokens[...traceIndex].joined(separator: " ") + tail
    }

    @Test func olderLinesWithBareDomainNameAndCertificateAreRecords() throws {
        let dashes = try AccessLogEntry.parse(line: Self.older(" - -"))
        #expect(dashes.traceID == "Root=1-58337281-1d84f3d73c47ec4e58577259")
        #expect(dashes.domainName == nil)
        #expect(dashes.chosenCertARN == nil)
        #expect(dashes.fieldCount == 20)
        #expect(dashes.elbStatusCode == 200)

        let named = try AccessLogEntry.parse(
            line: Self.older(" www.example.com arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234")
        )
        #expect(named.domainName == "www.example.com")
        #expect(named.chosenCertARN == "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234")

        let withRest = try AccessLogEntry.parse(
            line: Self.older(" www.example.com - 0 2018-07-02T22:22:48.364000Z forward - -")
        )
        #expect(withRest.actionsExecuted == "forward")
        #expect(withRest.matchedRulePriority == 0)
    }

    @Test func olderLinesAreCountedByTheScanner() async throws {
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("old.log")
        let lines = [Self.older(" - -"), Self.older(" www.example.com arn:aws:acm:us-east-2:1:certificate/x")]
        try TestFiles.write(lines.joined(separator: "\n") + "\n", to: file)
        let result = try await AccessLogScanner().scan(sources: [.file(file.path)]) { AccessLogCounter() }
        #expect(result.consumer.count == 2)
        #expect(!result.statistics.hasProblems)
    }

    @Test func aQuoteAfterABareQuotedFieldNamesTheBareField() {
        // domain_name bare and two words: the stray quote later shows the fields are shifted.
        let line = Self.older(#" www.example.com "arn:aws:acm:x" 0 - "forward" oops" "-" "-""#)
        #expect {
            try AccessLogEntry.parse(line: line)
        } throws: { error in
            guard let error = error as? AccessLogParseError else { return false }
            return error.code == .expectedQuote && error.field == .domainName
                && error.description.contains("fields are shifted")
        }
    }

    @Test func requestUserAgentAndTraceIDMustStillBeQuoted() {
        for field in [AccessLogField.request, .userAgent, .traceID] {
            #expect {
                try AccessLogEntry.parse(line: TestLines.with(field, "bare"))
            } throws: { error in
                (error as? AccessLogParseError)?.code == .expectedQuote
                    && (error as? AccessLogParseError)?.field == field
            }
        }
    }

    @Test(arguments: [
        AccessLogField.request, .userAgent, .traceID, .domainName, .chosenCertARN, .actionsExecuted, .redirectURL,
        .errorReason, .classification, .classificationReason, .transformedURI,
    ])
    func nonUTF8BytesInAQuotedFieldKeepTheRecord(field: AccessLogField) async throws {
        var bytes = Array(TestLines.with(field, "\"a-XYZ-b\"").utf8)
        let x = try #require(bytes.firstIndex(of: UInt8(ascii: "X")))
        bytes[x] = 0xFF
        bytes[x + 1] = 0xFE
        bytes[x + 2] = 0x80
        let dir = try TestFiles.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("bytes.log")
        try TestFiles.write(bytes + [10] + Array((TestLines.full + "\n").utf8), to: file)
        let result = try await AccessLogScanner().scan(sources: [.file(file.path)]) { EntryCollector() }
        #expect(result.consumer.entries.count == 2)
        #expect(!result.statistics.hasProblems)
        #expect(result.statistics.recordsWithInvalidUTF8 == 1)
        #expect(result.statistics.invalidUTF8ByField == [field.awsName: 1])
        let entry = try #require(result.consumer.entries.first)
        let text: String? =
            switch field {
            case .request: entry.request?.raw
            case .userAgent: entry.userAgent
            case .traceID: entry.traceID
            case .domainName: entry.domainName
            case .chosenCertARN: entry.chosenCertARN
            case .actionsExecuted: entry.actionsExecuted
            case .redirectURL: entry.redirectURL
            case .errorReason: entry.errorReason
            case .classification: entry.classification
            case .classificationReason: entry.classificationReason
            default: entry.transformedURI
            }
        #expect(text == "a-\u{FFFD}\u{FFFD}\u{FFFD}-b")
    }

    @Test func aLineThatIsNotALogLineSaysSoAtTheFirstField() {
        #expect {
            try AccessLogEntry.parse(line: "garbage line", source: "-", lineNumber: 1)
        } throws: { error in
            guard let error = error as? AccessLogParseError else { return false }
            #expect(error.field == .type)
            #expect(error.code == .invalidValue)
            #expect(error.description.contains("type (field 1)"))
            #expect(error.description.contains("http, https, h2, grpcs, ws, wss"))
            #expect(error.description.contains("found \"garbage\""))
            #expect(!error.description.contains("well-formed"))
            return true
        }
        // A known type but no timestamp: the time is what is wrong.
        #expect {
            try AccessLogEntry.parse(line: "http not-a-time at all")
        } throws: { error in
            (error as? AccessLogParseError)?.field == .time && (error as? AccessLogParseError)?.code == .invalidValue
        }
        // A real line cut short still names the missing field.
        #expect {
            try AccessLogEntry.parse(line: TestLines.era(5))
        } throws: { error in
            (error as? AccessLogParseError)?.code == .missingField
                && (error as? AccessLogParseError)?.field == .requestProcessingTime
        }
    }

    @Test func garbageOnStandardInputIsReportedAsNotALogLine() async throws {
        let feeder = AccessLogFeeder(source: "-", consumer: AccessLogCounter(statusCodes: [502]))
        feeder.feed(Array("garbage line\n".utf8))
        let result = feeder.finish()
        #expect(result.statistics.linesSkipped == 1)
        #expect(result.statistics.skippedByReason == ["invalid-value type": 1])
    }
}
