// libFuzzer target: the HTTP response validator (status line, headers, framing, chunked bodies).
// Compiled together with Sources/ALBWire (Sources/PacketCapture before ALBWire existed) by Scripts/fuzz.sh.
//
// The first byte picks the options (connection ended, HEAD request, a small header-size limit).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let options = data[0]
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let result = HTTPResponseHeaderValidator.validate(
        bytes,
        connectionEnded: options & 1 != 0,
        requestMethod: options & 2 != 0 ? "HEAD" : "GET",
        maximumHeaderSectionSize: options & 4 != 0 ? 64 : HTTPResponseHeaderValidator.maximumHeaderSectionSize
    )
    for violation in result.violations {
        precondition(violation.offset >= 0 && violation.offset <= bytes.count, "a violation outside the response")
    }
    _ = HTTPResponseHeaderValidator.headerSectionLength(in: bytes)
    return 0
}
