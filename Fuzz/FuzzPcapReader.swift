// libFuzzer target: the pcap/pcapng reader, the packet decoder and the TCP conversation tracker, end to end
// (what `alb-doctor capture analyze` runs). Compiled together with Sources/PacketCapture by Scripts/fuzz.sh.

#if canImport(ALBWire)
    import ALBWire
#endif

#if canImport(Glibc)
    import Glibc
#endif

let fuzzCapturePath = "/dev/shm/alb-doctor-fuzz-pcap-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPcapReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let fd = open(fuzzCapturePath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return 0 }
    if size > 0 { _ = write(fd, data, size) }
    close(fd)
    defer { unlink(fuzzCapturePath) }
    let analysis = CaptureAnalyzer().analyze(paths: [fuzzCapturePath])
    _ = analysis.files.first?.error?.description
    return 0
}
