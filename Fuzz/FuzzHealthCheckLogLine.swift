// libFuzzer target: the health-check log line reader. Compiled together with Sources/ALBAccessLog by
// Scripts/fuzz.sh.
//
// Each input is one line: it is read lazily (status, time, target: what a join reads first), then fully
// materialised (`records`' path), and its shape classified. Any input must give a record or an
// AccessLogParseError that names a health-check field and the line, never a crash.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHealthCheckLogLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = ALBLogType.detect(line: bytes)
    let tokens = LineTokens()
    defer { tokens.deallocate() }
    let lazy = HealthCheckLogLine(line: bytes, tokens: tokens, lineNumber: 1, source: "fuzz")
    _ = try? lazy.status
    _ = try? lazy.time
    _ = try? lazy.target
    _ = try? lazy.reasonCode
    _ = lazy.structureError
    _ = try? lazy.record()
    let again = HealthCheckLogLine(line: bytes, tokens: tokens, lineNumber: 1, source: "fuzz")
    switch Result(catching: { () throws(AccessLogParseError) -> HealthCheckLogRecord in try again.record() }) {
    case .success(let record):
        precondition(record.fieldCount >= HealthCheckLogField.minimumCount, "a record with too few fields")
        precondition(
            record.unknownFields.count == max(0, record.fieldCount - HealthCheckLogField.knownCount),
            "unknown fields miscounted"
        )
    case .failure(let error):
        _ = error.description
        precondition(error.line == 1 && error.source == "fuzz", "an error without its location")
        precondition(error.field == nil && error.logField?.logType == .healthCheck, "an error without its field")
    }
    for index in 0..<again.fieldCount { _ = again.rawField(at: index) }
    return 0
}
