// libFuzzer target: the connection log line reader. Compiled together with Sources/ALBAccessLog by
// Scripts/fuzz.sh.
//
// Each input is one line: it is read lazily (timestamp, verify status, trace id: what a join reads first),
// then fully materialised (`records`' path), and its shape classified. Any input must give a record or an
// AccessLogParseError that names a connection-log field and the line, never a crash.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConnectionLogLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = ALBLogType.detect(line: bytes)
    let tokens = LineTokens()
    defer { tokens.deallocate() }
    let lazy = ConnectionLogLine(line: bytes, tokens: tokens, lineNumber: 1, source: "fuzz")
    _ = try? lazy.timestamp
    _ = try? lazy.tlsVerifyStatus
    _ = try? lazy.connTraceIDBytes
    _ = lazy.structureError
    _ = try? lazy.record()
    let again = ConnectionLogLine(line: bytes, tokens: tokens, lineNumber: 1, source: "fuzz")
    switch Result(catching: { () throws(AccessLogParseError) -> ConnectionLogRecord in try again.record() }) {
    case .success(let record):
        precondition(record.fieldCount >= ConnectionLogField.minimumCount, "a record with too few fields")
        precondition(
            record.unknownFields.count == max(0, record.fieldCount - ConnectionLogField.knownCount),
            "unknown fields miscounted"
        )
        precondition((0...65_535).contains(record.client.port), "a client port out of range")
    case .failure(let error):
        _ = error.description
        precondition(error.line == 1 && error.source == "fuzz", "an error without its location")
        precondition(error.field == nil && error.logField?.logType == .connection, "an error without its field")
    }
    for index in 0..<again.fieldCount { _ = again.rawField(at: index) }
    return 0
}
