// libFuzzer target: the file reader (plain and gzip, libdeflate and zlib) at every chunk boundary.
// Compiled together with Sources/ALBAccessLog by Scripts/fuzz.sh.
//
// The first byte of an input picks the read block size (1–256 bytes) so line and gzip-member boundaries
// fall at every offset of a block; the rest is the file. Each input is scanned three ways: small blocks with
// libdeflate for whole members, small blocks with zlib only, and one large block. For plain text the three
// must agree on every count (a chunk boundary never changes what is read).

#if canImport(Glibc)
    import Glibc
#endif

let fuzzLogPath = "/dev/shm/alb-doctor-fuzz-log-\(getpid())"

func fuzzScan(_ configuration: AccessLogScanner.Configuration) -> ParseStatistics? {
    try? AccessLogScanner(configuration: configuration)
        .scanSequentially(sources: [.file(fuzzLogPath)], consumer: AccessLogCounter(statusCodes: [502]))
        .statistics
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let file = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let fd = open(fuzzLogPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return 0 }
    if file.count > 0 { _ = write(fd, file.baseAddress, file.count) }
    close(fd)
    defer { unlink(fuzzLogPath) }

    var small = AccessLogScanner.Configuration(parallelism: 1)
    small.blockSize = 1 + Int(data[0])
    small.maxLineLength = 64 + Int(data[0]) * 4
    small.wholeMemberLimit = 4096
    var zlib = small
    zlib.gzipBackend = .zlib
    var large = small
    large.blockSize = 1 << 16
    guard let a = fuzzScan(small), let b = fuzzScan(zlib), let c = fuzzScan(large) else { return 0 }
    let isGzip = file.count >= 2 && file[0] == 0x1F && file[1] == 0x8B
    if !isGzip {
        for other in [b, c] {
            precondition(a.linesRead == other.linesRead, "linesRead depends on the block size")
            precondition(a.linesParsed == other.linesParsed, "linesParsed depends on the block size")
            precondition(a.linesSkipped == other.linesSkipped, "linesSkipped depends on the block size")
            precondition(a.bytesRead == other.bytesRead, "bytesRead depends on the block size")
            precondition(a.skippedByReason == other.skippedByReason, "skip reasons depend on the block size")
        }
        precondition(a.bytesRead == Int64(file.count), "bytes were lost")
    } else {
        // Two inflaters, same lines: libdeflate whole members and streaming zlib.
        precondition(a.linesParsed == b.linesParsed, "libdeflate and zlib disagree on lines parsed")
    }
    return 0
}
