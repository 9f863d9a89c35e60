import Foundation
import Testing
import PacketCapture

@Suite struct DumpTests {
    @Test(arguments: ["keepalive-lo.pcap", "healthy-lo-ns.pcap", "malformed-any-sll2.pcap", "refused-any-sll1.pcap", "unreachable-lo.pcap", "tls13-only-lo.pcap", "tls-cipher-lo.pcapng", "healthy-lo-ns.pcap.gz"])
    func dump(name: String) throws {
        guard ProcessInfo.processInfo.environment["PCAP_DUMP"] != nil else { return }
        let analysis = CaptureFixtures.analyze([name])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(analysis)
        try data.write(to: URL(fileURLWithPath: "/tmp/pcap-dump-\(name).json"))
    }
}
