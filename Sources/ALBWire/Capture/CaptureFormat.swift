/// The container format of a capture file.
public enum CaptureFormat: String, Sendable, Hashable, Codable {
    /// Classic libpcap, microsecond timestamps.
    case pcapMicroseconds = "pcap"
    /// Classic libpcap, nanosecond timestamps.
    case pcapNanoseconds = "pcap-ns"
    /// pcapng.
    case pcapng = "pcapng"
}
