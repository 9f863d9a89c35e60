/// One packet as stored in a capture: timestamp, link type and the captured bytes.
///
/// `data` points into the reader's buffer and is valid only until the reader's next call.
public struct CapturedPacket {
    /// 1-based index of the packet in its file.
    public var index: Int
    /// Byte offset of the packet's record/block in the (uncompressed) file.
    public var byteOffset: Int64
    /// Capture time, nanoseconds since the Unix epoch.
    public var timestampNanoseconds: Int64
    /// The link-layer header type of the interface the packet was captured on.
    public var linkType: LinkType
    /// Captured bytes (may be shorter than `originalLength` when the snap length cut it).
    public var data: UnsafeRawBufferPointer
    /// Length of the packet on the wire.
    public var originalLength: Int
    /// pcapng interface id (0 for classic pcap).
    public var interfaceID: Int
}
