import ALBWire

/// Reads capture files one after another and analyses them together.
///
/// A file that is damaged stops at the damage: its error is recorded in ``CaptureAnalysis/files`` and
/// everything read before it stays in the analysis. Other files are still read.
public struct CaptureAnalyzer: Sendable {
    /// Tracker settings.
    public var configuration: TCPConversationTracker.Configuration

    /// Creates an analyzer.
    public init(configuration: TCPConversationTracker.Configuration = .init()) {
        self.configuration = configuration
    }

    /// Analyses the files (`-` = standard input) in order.
    public func analyze(paths: [String]) -> CaptureAnalysis {
        let tracker = TCPConversationTracker(configuration: configuration)
        var files: [CaptureAnalysis.FileSummary] = []
        for path in paths {
            files.append(read(path: path, into: tracker))
        }
        tracker.setFiles(files)
        return tracker.finish()
    }

    /// Reads one file into `tracker`, returning its summary (with the error that stopped it, if any).
    public func read(path: String, into tracker: TCPConversationTracker) -> CaptureAnalysis.FileSummary {
        var summary = CaptureAnalysis.FileSummary(name: path)
        let reader: PcapReader
        do {
            reader = try PcapReader(path: path)
        } catch {
            summary.error = error
            return summary
        }
        read(reader, into: tracker, summary: &summary)
        return summary
    }

    /// Reads from an open reader into `tracker`.
    public func read(
        _ reader: PcapReader,
        into tracker: TCPConversationTracker,
        summary: inout CaptureAnalysis.FileSummary
    ) {
        var linkTypes: [LinkType] = []
        do throws(PacketCaptureError) {
            while let packet = try reader.next() {
                if linkTypes.last != packet.linkType && !linkTypes.contains(packet.linkType) {
                    guard packet.linkType.isSupported else {
                        throw PacketCaptureError(
                            code: .unsupportedLinkType,
                            file: reader.name,
                            packetIndex: packet.index,
                            byteOffset: packet.byteOffset,
                            reason:
                                "link type \(packet.linkType.rawValue) is not supported (supported: Ethernet 1, Linux cooked 113/276, raw IP 101/228/229, BSD loopback 0/108)"
                        )
                    }
                    linkTypes.append(packet.linkType)
                }
                tracker.process(
                    PacketDecoder.decode(packet.data, linkType: packet.linkType),
                    time: packet.timestampNanoseconds
                )
            }
        } catch {
            summary.error = error
        }
        summary.format = reader.format
        summary.packets = reader.packetsRead
        summary.bytes = reader.bytesConsumed
        summary.linkTypes = linkTypes.map(\.description)
    }
}
