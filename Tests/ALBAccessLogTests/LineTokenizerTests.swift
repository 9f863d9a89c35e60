import ALBAccessLog
import Testing

/// Property tests of the field splitter (which scans unquoted fields 8 bytes at a time) against a plain
/// byte-by-byte oracle, over random field lengths that put spaces and quotes at every offset of an 8-byte word.
@Suite struct LineTokenizerTests {
    struct Fields: AccessLogConsumer {
        var fields: [[String]] = []
        mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
            var row: [String] = []
            let count = record.fieldCount
            for i in 0..<count {
                row.append(record.rawField(at: i).map { String(decoding: $0, as: UTF8.self) } ?? "<nil>")
            }
            fields.append(row)
        }
        mutating func merge(_ other: Fields) { fields += other.fields }
    }

    static let alphabet = Array("abcXYZ0123456789:/.-_=;,".utf8)

    static func randomToken(_ rng: inout SplitMix64, maxLength: Int) -> String {
        let length = Int(rng.next() % UInt64(maxLength + 1))
        return String(
            decoding: (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] },
            as: UTF8.self
        )
    }

    @Test(arguments: [1, 2, 3, 4])
    func randomFieldLengthsSplitLikeTheOracle(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var expected: [[String]] = []
        var lines: [String] = []
        for _ in 0..<300 {
            let count = 18 + Int(rng.next() % 20)
            var tokens: [String] = []
            var values: [String] = []
            for f in 0..<count {
                var value = Self.randomToken(&rng, maxLength: 23)
                if f == 1 { value = "2024-03-05T10:11:12.000000Z" }
                let quoted = (AccessLogField(rawValue: f)?.isQuoted ?? false) || rng.next() % 5 == 0
                if quoted {
                    // Quoted fields may hold spaces.
                    if rng.next() % 2 == 0 { value += " " + Self.randomToken(&rng, maxLength: 9) }
                    tokens.append("\"" + value + "\"")
                } else {
                    if value.isEmpty { value = "x" }
                    tokens.append(value)
                }
                values.append(value)
            }
            lines.append(tokens.joined(separator: " "))
            expected.append(values)
        }
        let feeder = AccessLogFeeder(source: "random", consumer: Fields())
        feeder.feed(Array((lines.joined(separator: "\n") + "\n").utf8))
        let result = feeder.finish()
        #expect(result.consumer.fields == expected)
        #expect(!result.statistics.hasProblems)
    }

    @Test(arguments: 1..<24)  // at offset 0 the field would simply be a quoted one
    func aStrayQuoteIsFoundAtEveryOffset(offset: Int) {
        // A 24-byte elb field with a quote at `offset`.
        var elb = Array(repeating: UInt8(ascii: "a"), count: 24)
        elb[offset] = UInt8(ascii: "\"")
        let line = TestLines.with(.elb, String(decoding: elb, as: UTF8.self))
        let elbStart = "h2 2024-03-05T10:11:12.123456Z ".utf8.count  // 0-based offset of the elb field
        #expect {
            try AccessLogEntry.parse(line: line)
        } throws: { error in
            guard let error = error as? AccessLogParseError else { return false }
            return error.code == .unexpectedQuote && error.field == .elb && error.column == elbStart + offset + 1
        }
    }
}
