import ALBWire
import Foundation
import Testing

@testable import PacketCapture

/// Link-layer variants derived from a real Ethernet capture must decode to the same conversation.
@Suite struct PacketDecoderTests {
    private func analysis(of file: PcapTestFile) throws -> CaptureAnalysis {
        let path = try CaptureFixtures.temporaryFile(file.bytes())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = CaptureAnalyzer().analyze(paths: [path])
        #expect(result.errors.isEmpty, "\(result.errors)")
        return result
    }

    private func derived(_ transform: ([UInt8]) -> [UInt8], linkType: UInt32) throws -> (
        CaptureAnalysis, CaptureAnalysis
    ) {
        let original = PcapTestFile(parsing: try CaptureFixtures.bytes("keepalive-lo.pcap"))
        var variant = original
        variant.linkType = linkType
        variant.records = original.records.map { record in
            var r = record
            r.data = transform(record.data)
            r.originalLength = UInt32(r.data.count)
            return r
        }
        return (try analysis(of: original), try analysis(of: variant))
    }

    @Test func rawIPv4() throws {
        let (a, b) = try derived({ Array($0.dropFirst(14)) }, linkType: 101)
        #expect(a.http == b.http)
        #expect(a.keepAlive == b.keepAlive)
    }

    @Test func rawIPv4LinkType228() throws {
        let (a, b) = try derived({ Array($0.dropFirst(14)) }, linkType: 228)
        #expect(a.http == b.http)
    }

    @Test func bsdLoopbackBothByteOrders() throws {
        let (a, b) = try derived({ [2, 0, 0, 0] + $0.dropFirst(14) }, linkType: 0)
        #expect(a.http == b.http)
        let (_, c) = try derived({ [0, 0, 0, 2] + $0.dropFirst(14) }, linkType: 108)
        #expect(a.http == c.http)
    }

    @Test func ethernetWith8021QTags() throws {
        let (a, b) = try derived({ Array($0[0..<12]) + [0x81, 0x00, 0x00, 0x64] + $0[12...] }, linkType: 1)
        #expect(a.http == b.http)
        let (_, qinq) = try derived(
            { Array($0[0..<12]) + [0x88, 0xA8, 0x00, 0x0A, 0x81, 0x00, 0x00, 0x64] + $0[12...] },
            linkType: 1
        )
        #expect(a.http == qinq.http)
    }

    @Test func linuxCookedV1FromEthernet() throws {
        let (a, b) = try derived(
            { [0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00] + $0.dropFirst(14) },
            linkType: 113
        )
        #expect(a.http == b.http)
    }

    /// IPv6 with a hop-by-hop extension header: the same TCP payloads carried over IPv6.
    @Test func ipv6WithExtensionHeader() throws {
        let original = PcapTestFile(parsing: try CaptureFixtures.bytes("keepalive-lo.pcap"))
        var variant = original
        variant.linkType = 229
        variant.records = original.records.map { record in
            let ip = Array(record.data.dropFirst(14))
            let headerLength = Int(ip[0] & 0x0F) * 4
            let tcp = Array(ip[headerLength...])
            let lastByte = ip[19]  // 127.0.0.1 → ::1-like addresses keep direction
            var v6: [UInt8] = [0x60, 0, 0, 0]
            let payloadLength = tcp.count + 8
            v6 += [UInt8(payloadLength >> 8), UInt8(payloadLength & 0xFF), 0, 64]  // next header 0 = hop-by-hop
            v6 += [UInt8](repeating: 0, count: 15) + [ip[15]]
            v6 += [UInt8](repeating: 0, count: 15) + [lastByte]
            v6 += [6, 0, 1, 4, 0, 0, 0, 0]  // hop-by-hop: next = TCP, len 0, PadN
            var r = record
            r.data = v6 + tcp
            r.originalLength = UInt32(r.data.count)
            return r
        }
        let a = try analysis(of: original)
        let b = try analysis(of: variant)
        #expect(a.http.requests == b.http.requests)
        #expect(a.http.responses == b.http.responses)
        #expect(a.http.requestsOutstandingAtTargetClose == b.http.requestsOutstandingAtTargetClose)
        #expect(a.keepAlive.targetIdleClose.count == b.keepAlive.targetIdleClose.count)
        #expect(b.http.outstandingExamples.first?.connection.hasPrefix("[::1]:") == true)
        #expect(b.connections.topTargets.first?.hasPrefix("[::1]:18080") == true)
    }

    @Test func icmpv6DestinationUnreachableIsAttributed() {
        // Outer IPv6 (ICMPv6) carrying the original IPv6 + TCP header.
        var inner: [UInt8] = [0x60, 0, 0, 0, 0, 20, 6, 64]
        inner += [UInt8](repeating: 0, count: 15) + [1]
        inner += [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [7]
        inner += [0xC3, 0x50, 0x1F, 0x90, 0, 0, 0, 1]  // ports 50000 -> 8080
        let icmp: [UInt8] = [1, 3, 0, 0, 0, 0, 0, 0] + inner
        var outer: [UInt8] = [0x60, 0, 0, 0, UInt8(icmp.count >> 8), UInt8(icmp.count & 0xFF), 58, 64]
        outer += [0xfe, 0x80] + [UInt8](repeating: 0, count: 13) + [9]
        outer += [UInt8](repeating: 0, count: 15) + [1]
        let packet = outer + icmp
        let decoded = packet.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ipv6) }
        guard case .icmpUnreachable(let message) = decoded else {
            Issue.record("not decoded as ICMPv6 unreachable: \(decoded)")
            return
        }
        #expect(message.isICMPv6)
        #expect(message.codeDescription == "address unreachable")
        #expect(message.originalDestination.description == "[2001:db8::7]:8080")
        #expect(message.originalSource.port == 50000)
    }

    @Test func truncatedHeadersAreUndecodableNotCrashes() {
        let frames: [[UInt8]] = [[], [0x45], [0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6], [0x60, 0, 0]]
        for frame in frames {
            for link in [LinkType.raw, .ethernet, .linuxSLL2, .null] {
                let decoded = frame.withUnsafeBytes { PacketDecoder.decode($0, linkType: link) }
                switch decoded {
                case .malformed, .other: break
                default: Issue.record("short frame decoded as \(decoded)")
                }
            }
        }
    }

    @Test func ipAddressText() {
        #expect(IPAddress(ipv4: 0x0A00_0107).description == "10.0.1.7")
        #expect(IPAddress(high: 0x2001_0DB8_0000_0000, low: 1).description == "2001:db8::1")
        #expect(IPAddress(high: 0, low: 1).description == "::1")
    }
}
