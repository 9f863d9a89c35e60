// libFuzzer target: the access-log line parser. Compiled together with Sources/ALBAccessLog by Scripts/fuzz.sh.
//
// Each input is one line: it is tokenized lazily (the 502 filter's path), then fully materialised
// (`records`' path), then written as JSON from its bytes (`records`' fast path). Any input must give an entry or
// an AccessLogParseError, never a crash, and the fast path must accept only lines the entry accepts.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccessLogLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let tokens = LineTokens()
    defer { tokens.deallocate() }
    // The filter's path: status code first, then the whole line.
    let record = AccessLogRecord(line: bytes, tokens: tokens, lineNumber: 1, source: "fuzz")
    _ = try? record.elbStatusCode
    _ = try? record.time
    _ = record.structureError
    _ = try? record.entry()
    // A fresh record: the whole line at once, then every field by position.
    let again = AccessLogRecord(line: bytes, tokens: tokens, lineNumber: 1, source: "fuzz")
    switch Result(catching: { () throws(AccessLogParseError) -> AccessLogEntry in try again.entry() }) {
    case .success(let entry):
        precondition(entry.fieldCount >= AccessLogField.minimumCount, "an entry with too few fields")
    case .failure(let error):
        _ = error.description
        precondition(error.line == 1 && error.source == "fuzz", "an error without its location")
    }
    for index in 0..<again.fieldCount { _ = again.rawField(at: index) }
    // `records`' fast path: a line it writes from its bytes (or checks as valid) is one `entry()` accepts, and
    // the check and the writer agree; the writer stays inside the space it sized (AddressSanitizer).
    let fast = AccessLogRecord(line: bytes, tokens: tokens, lineNumber: 1, source: "fuzz")
    var json: [UInt8] = []
    let keys = (0..<(AccessLogField.allCases.count + 4)).map { Array(",\"k\($0)\":".utf8) }
    let written = fast.appendRecordsJSON(to: &json, keys: keys)
    precondition(written == fast.isValidCommonShape(), "the JSON writer and the check disagree")
    precondition(written || json.isEmpty, "a line handed back left bytes behind")
    if written {
        precondition((try? fast.entry()) != nil, "the fast path accepted a line entry() rejects")
        precondition(json.last == UInt8(ascii: "\n"), "a record not ended by a newline")
    }
    return 0
}
