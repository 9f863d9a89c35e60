import ALBWire
import Foundation
import Testing

@testable import PacketCapture

@Suite struct PcapReaderTests {
    private func readAll(_ path: String) throws -> (
        count: Int, timestamps: [Int64], linkTypes: Set<LinkType>, format: CaptureFormat
    ) {
        let reader = try PcapReader(path: path)
        var count = 0
        var timestamps: [Int64] = []
        var linkTypes = Set<LinkType>()
        while let packet = try reader.next() {
            count += 1
            timestamps.append(packet.timestampNanoseconds)
            linkTypes.insert(packet.linkType)
        }
        return (count, timestamps, linkTypes, reader.format)
    }

    @Test func readsClassicMicrosecondEthernet() throws {
        let result = try readAll(CaptureFixtures.path("keepalive-lo.pcap"))
        #expect(result.format == .pcapMicroseconds)
        #expect(result.linkTypes == [.ethernet])
        #expect(result.count > 10)
        #expect(result.timestamps == result.timestamps.sorted())
    }

    @Test func readsNanosecondTimestampsAndGzipIdentically() throws {
        let plain = try readAll(CaptureFixtures.path("healthy-lo-ns.pcap"))
        let gz = try readAll(CaptureFixtures.path("healthy-lo-ns.pcap.gz"))
        #expect(plain.format == .pcapNanoseconds)
        #expect(plain.timestamps == gz.timestamps)
        #expect(plain.count == gz.count)
        // Nanosecond resolution is kept (tcpdump on Linux writes real ns digits).
        #expect(plain.timestamps.contains { $0 % 1000 != 0 })
    }

    @Test func readsLinuxCookedV1AndV2() throws {
        #expect(try readAll(CaptureFixtures.path("refused-any-sll1.pcap")).linkTypes == [.linuxSLL])
        #expect(try readAll(CaptureFixtures.path("malformed-any-sll2.pcap")).linkTypes == [.linuxSLL2])
    }

    @Test func readsPcapngFromEditcap() throws {
        let result = try readAll(CaptureFixtures.path("tls-cipher-lo.pcapng"))
        #expect(result.format == .pcapng)
        #expect(result.linkTypes == [.ethernet])
        #expect(result.count > 10)
    }

    @Test func bigEndianClassicPcapGivesTheSameAnalysis() throws {
        let file = PcapTestFile(parsing: try CaptureFixtures.bytes("keepalive-lo.pcap"))
        let big = try CaptureFixtures.temporaryFile(file.bytes(bigEndian: true))
        let little = try CaptureFixtures.temporaryFile(file.bytes())
        defer {
            try? FileManager.default.removeItem(atPath: big)
            try? FileManager.default.removeItem(atPath: little)
        }
        let a = CaptureAnalyzer().analyze(paths: [little])
        let b = CaptureAnalyzer().analyze(paths: [big])
        #expect(a.errors.isEmpty && b.errors.isEmpty)
        #expect(a.http == b.http)
        #expect(a.connections == b.connections)
        #expect(a.http.requests == 5)
    }

    @Test func pcapngInterfacesSectionsResolutionsAndUnknownBlocks() throws {
        let frames = PcapTestFile(parsing: try CaptureFixtures.bytes("keepalive-lo.pcap")).records.map(\.data)
        var writer = PcapngTestWriter()
        writer.section()
        writer.interface(linkType: 1)  // µs default
        writer.interface(linkType: 1, tsresol: 9)  // ns
        writer.block(type: 0x0000_0BAD, body: [1, 2, 3, 4])  // unknown block: skipped
        writer.enhancedPacket(interface: 0, ticks: 1_700_000_000_123_456, data: frames[0])
        writer.enhancedPacket(interface: 1, ticks: 1_700_000_000_123_456_789, data: frames[1])
        writer.section()  // a new section forgets the interfaces
        writer.interface(linkType: 1, tsresol: 0x80 | 10)  // 2^-10 s
        writer.enhancedPacket(interface: 0, ticks: 1024 * 5 + 512, data: frames[2])
        writer.simplePacket(data: frames[3])
        let path = try CaptureFixtures.temporaryFile(writer.bytes, suffix: ".pcapng")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try PcapReader(path: path)
        var times: [Int64] = []
        while let packet = try reader.next() { times.append(packet.timestampNanoseconds) }
        #expect(times.count == 4)
        #expect(times[0] == 1_700_000_000_123_456_000)
        #expect(times[1] == 1_700_000_000_123_456_789)
        #expect(times[2] == 5_500_000_000)
        #expect(reader.blocksSkipped == 1)
    }

    @Test func bigEndianPcapngSection() throws {
        let frames = PcapTestFile(parsing: try CaptureFixtures.bytes("refused-any-sll1.pcap")).records.map(\.data)
        var writer = PcapngTestWriter(bigEndian: true)
        writer.section()
        writer.interface(linkType: 113)
        for (i, frame) in frames.enumerated() {
            writer.enhancedPacket(interface: 0, ticks: UInt64(1_000_000 * (i + 1)), data: frame)
        }
        let path = try CaptureFixtures.temporaryFile(writer.bytes, suffix: ".pcapng")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let analysis = CaptureAnalyzer().analyze(paths: [path])
        #expect(analysis.errors.isEmpty)
        #expect(analysis.connections.refused == 3)
    }

    @Test func unknownLinkTypeStopsWithAClearErrorAndKeepsWhatCameBefore() throws {
        let frames = PcapTestFile(parsing: try CaptureFixtures.bytes("refused-any-sll1.pcap")).records.map(\.data)
        var writer = PcapngTestWriter()
        writer.section()
        writer.interface(linkType: 113)
        writer.interface(linkType: 147)  // LINKTYPE_USER0
        writer.enhancedPacket(interface: 0, ticks: 1, data: frames[0])
        writer.enhancedPacket(interface: 0, ticks: 2, data: frames[1])
        writer.enhancedPacket(interface: 1, ticks: 3, data: frames[2])
        let path = try CaptureFixtures.temporaryFile(writer.bytes, suffix: ".pcapng")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let analysis = CaptureAnalyzer().analyze(paths: [path])
        let error = try #require(analysis.errors.first)
        #expect(error.code == .unsupportedLinkType)
        #expect(error.packetIndex == 3)
        #expect(error.description.contains(path))
        #expect(error.description.contains("link type 147"))
        #expect(analysis.connections.refused == 1)  // the SYN+RST pair before the error
    }

    @Test func garbageAndEmptyFilesAreNotCaptures() throws {
        let garbage = try CaptureFixtures.temporaryFile(Array("this is not a capture at all\n".utf8))
        let empty = try CaptureFixtures.temporaryFile([])
        defer {
            try? FileManager.default.removeItem(atPath: garbage)
            try? FileManager.default.removeItem(atPath: empty)
        }
        #expect(throws: PacketCaptureError.self) { _ = try readAll(garbage) }
        do {
            _ = try readAll(garbage)
        } catch let error as PacketCaptureError {
            #expect(error.code == .notACapture)
            #expect(error.description.contains("not a pcap or pcapng file"))
        }
        do {
            _ = try readAll(empty)
            Issue.record("empty file accepted")
        } catch let error as PacketCaptureError {
            #expect(error.code == .notACapture)
        }
        let missing = "/nonexistent/capture.pcap"
        do {
            _ = try PcapReader(path: missing)
            Issue.record("missing file accepted")
        } catch {
            #expect(error.code == .ioError)
            #expect(error.description.hasPrefix(missing))
        }
    }

    @Test func pcapngBlockWithABadLength() throws {
        var writer = PcapngTestWriter()
        writer.section()
        writer.interface(linkType: 1)
        var bytes = writer.bytes
        bytes += [6, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0]  // EPB with length 13 (not a multiple of 4)
        let path = try CaptureFixtures.temporaryFile(bytes, suffix: ".pcapng")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try readAll(path)
            Issue.record("bad block length accepted")
        } catch let error as PacketCaptureError {
            #expect(error.code == .badLength)
            #expect(error.packetIndex == 1)
            #expect(error.byteOffset == Int64(writer.bytes.count))
        }
    }

    /// Truncating a real capture at every byte offset: never a crash or hang; a clear error naming the
    /// packet whose record is cut; every complete packet before it kept.
    @Test(arguments: ["refused-any-sll1.pcap", "tls13-only-lo.pcap", "tls-cipher-lo.pcapng"])
    func truncationAtEveryOffset(name: String) throws {
        let bytes = try CaptureFixtures.bytes(name)
        let full = try readAll(CaptureFixtures.path(name)).count
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pcap-trunc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var previousCount = 0
        for length in 0..<bytes.count {
            let path = directory.appendingPathComponent("cut.pcap").path
            try Data(bytes[0..<length]).write(to: URL(fileURLWithPath: path))
            let reader = try PcapReader(path: path)
            var count = 0
            var failure: PacketCaptureError?
            do {
                while try reader.next() != nil { count += 1 }
            } catch {
                failure = error
            }
            #expect(count >= previousCount, "cut at \(length): fewer packets than a shorter cut")
            #expect(count <= full)
            previousCount = count
            if let failure {
                #expect(failure.description.hasPrefix(path))
                if failure.code == .truncated {
                    // A cut file header has no packet index; a cut record names the packet being read.
                    #expect(
                        failure.packetIndex == (count == 0 && length < 28 ? failure.packetIndex : count + 1),
                        "cut at \(length): \(failure)"
                    )
                }
            }
            // The analysis keeps everything before the cut.
            let analysis = CaptureAnalyzer().analyze(paths: [path])
            #expect(analysis.files.first?.packets == count)
        }
        #expect(previousCount == full - 1 || previousCount == full)
    }

    @Test func truncatedMidPacketMessageSaysSo() throws {
        let bytes = try CaptureFixtures.bytes("keepalive-lo.pcap")
        let file = PcapTestFile(parsing: bytes)
        let cut = file.recordOffsets[5] + 16 + 10
        let path = try CaptureFixtures.temporaryFile(Array(bytes[0..<cut]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let analysis = CaptureAnalyzer().analyze(paths: [path])
        let error = try #require(analysis.errors.first)
        #expect(error.code == .truncated)
        #expect(error.packetIndex == 6)
        #expect(error.byteOffset == Int64(file.recordOffsets[5]))
        #expect(error.description.contains("cut short"))
        #expect(analysis.files.first?.packets == 5)
        #expect(analysis.connections.total == 2)
    }

    @Test func truncatedGzipIsReported() throws {
        let bytes = try CaptureFixtures.bytes("healthy-lo-ns.pcap.gz")
        let path = try CaptureFixtures.temporaryFile(Array(bytes[0..<(bytes.count / 2)]), suffix: ".pcap.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let analysis = CaptureAnalyzer().analyze(paths: [path])
        let error = try #require(analysis.errors.first)
        #expect(error.code == .truncated || error.code == .badCompression)
        #expect((analysis.files.first?.packets ?? 0) > 0)
    }
}

@Suite struct PcapReaderStreamTests {
    /// Standard input is a pipe: the reader must work without seeking, for plain and gzip input.
    @Test(arguments: ["healthy-lo-ns.pcap", "healthy-lo-ns.pcap.gz"])
    func readsFromAPipeLikeStdin(name: String) throws {
        let bytes = try CaptureFixtures.bytes(name)
        let pipe = Pipe()
        let writer = Thread {
            pipe.fileHandleForWriting.write(Data(bytes))
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let reader = try PcapReader(fileDescriptor: dup(pipe.fileHandleForReading.fileDescriptor), name: "-")
        var summary = CaptureAnalysis.FileSummary(name: "-")
        let tracker = TCPConversationTracker()
        CaptureAnalyzer().read(reader, into: tracker, summary: &summary)
        let analysis = tracker.finish()
        #expect(summary.error == nil)
        #expect(summary.packets == 32)
        #expect(analysis.http.responses == 6)
    }
}
