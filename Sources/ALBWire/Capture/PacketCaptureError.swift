/// Why a capture could not be read (further), with the file, packet index and byte offset.
///
/// Everything read before the error is kept by the caller; `description` reads like a compiler error:
/// `trace.pcap: packet 1204 at byte offset 981233: truncated record: …`.
public struct PacketCaptureError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable machine-readable error kinds.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The file could not be opened or read.
        case ioError = "io-error"
        /// The first bytes are neither a pcap nor a pcapng header.
        case notACapture = "not-a-capture"
        /// The capture ends in the middle of a record or block.
        case truncated = "truncated"
        /// A record or block header carries an impossible length.
        case badLength = "bad-length"
        /// A link type this reader does not decode.
        case unsupportedLinkType = "unsupported-link-type"
        /// A pcapng packet references an interface that was never described.
        case unknownInterface = "unknown-interface"
        /// The gzip stream is corrupt.
        case badCompression = "bad-compression"
    }

    /// What went wrong.
    public var code: Code
    /// The file name (`-` for standard input).
    public var file: String
    /// 1-based index of the packet being read, when the error is at a packet.
    public var packetIndex: Int?
    /// Byte offset (in the uncompressed stream) of the record or block at fault.
    public var byteOffset: Int64
    /// A sentence saying what was expected and what was found.
    public var reason: String

    /// Creates an error.
    public init(code: Code, file: String, packetIndex: Int?, byteOffset: Int64, reason: String) {
        self.code = code
        self.file = file
        self.packetIndex = packetIndex
        self.byteOffset = byteOffset
        self.reason = reason
    }

    /// `file: packet N at byte offset X: reason`.
    public var description: String {
        if let packetIndex {
            return "\(file): packet \(packetIndex) at byte offset \(byteOffset): \(reason)"
        }
        return "\(file): at byte offset \(byteOffset): \(reason)"
    }
}
