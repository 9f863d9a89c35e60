import ALBWire
import Foundation
import Testing

@testable import PacketCapture

@Suite struct TCPConversationTrackerTests {
    private func analyze(_ file: PcapTestFile, configuration: TCPConversationTracker.Configuration = .init()) throws
        -> CaptureAnalysis
    {
        let path = try CaptureFixtures.temporaryFile(file.bytes())
        defer { try? FileManager.default.removeItem(atPath: path) }
        return CaptureAnalyzer(configuration: configuration).analyze(paths: [path])
    }

    @Test func keepAliveCaptureShowsIdleClosesAndTheRace() {
        let a = CaptureFixtures.analyze(["keepalive-lo.pcap"])
        #expect(a.http.requests == 5)
        #expect(a.http.responses == 4)
        #expect(a.http.reusedRequests == 3)
        #expect(a.keepAlive.targetIdleClose.count == 2)
        // nginx keepalive_timeout 2s: both idle closes are about 2 s.
        #expect(a.keepAlive.targetIdleClose.minimumNanoseconds > 1_900_000_000)
        #expect(a.keepAlive.targetIdleClose.maximumNanoseconds < 2_500_000_000)
        #expect(a.http.requestsAfterTargetFIN == 1)
        #expect(a.http.requestsOutstandingAtTargetClose == 1)
        #expect(a.http.outstandingExamples.contains { $0.detail.contains("GET /late HTTP/1.1") })
    }

    @Test func retransmittedSegmentsAreCountedNotParsedTwice() throws {
        var file = PcapTestFile(parsing: try CaptureFixtures.bytes("keepalive-lo.pcap"))
        let baseline = try analyze(file)
        // Duplicate every packet that carries payload (a retransmission right after the original).
        var records: [PcapTestFile.Record] = []
        for record in file.records {
            records.append(record)
            if record.data.count > 66 { records.append(record) }
        }
        file.records = records
        let result = try analyze(file)
        #expect(result.connections.retransmissions > 0)
        #expect(result.http == baseline.http)
    }

    @Test func missingSegmentIsAGapNotInventedBytes() throws {
        var file = PcapTestFile(parsing: try CaptureFixtures.bytes("malformed-any-sll2.pcap"))
        // Drop the first response segment of the huge-header response's connection: the tracker must
        // note a gap and must not report violations from bytes it never saw.
        let index = try #require(
            file.records.firstIndex { record in
                let text = String(decoding: record.data, as: UTF8.self)
                return text.contains("X-Huge: aaaa")
            }
        )
        file.records.remove(at: index)
        let result = try analyze(file)
        #expect(result.connections.gaps >= 1)
        #expect(result.http.violationsByCode["header-section-too-large"] == nil)
    }

    @Test func snapLengthCutPayloadIsCountedAndNotJudged() throws {
        var file = PcapTestFile(parsing: try CaptureFixtures.bytes("malformed-any-sll2.pcap"))
        file.snapLength = 96
        file.records = file.records.map { record in
            var r = record
            r.data = Array(record.data.prefix(96))
            return r
        }
        let result = try analyze(file)
        #expect(result.errors.isEmpty)
        #expect(result.packets.snapLengthCut > 0)
        // Only what the capture holds is judged: the obs-fold and huge header lines are beyond the cut.
        #expect(result.http.violationsByCode["obs-fold"] == nil)
        #expect(result.http.violationsByCode["header-section-too-large"] == nil)
    }

    @Test func targetPortFilterSkipsOtherConnections() {
        let a = CaptureFixtures.analyze(["keepalive-lo.pcap"], configuration: .init(targetPort: 9999))
        #expect(a.connections.total == 0)
        #expect(a.packets.outsideTargetPort == a.packets.total)
        let b = CaptureFixtures.analyze(["keepalive-lo.pcap"], configuration: .init(targetPort: 18080))
        #expect(b.connections.total == 2)
    }

    @Test func connectionTableIsBoundedAndEvictionsCounted() throws {
        let a = CaptureFixtures.analyze(["malformed-any-sll2.pcap"], configuration: .init(maximumConnections: 16))
        #expect(a.connections.total == 11)
        #expect(a.connections.evicted == 0)
        // Many concurrent half-open connections: rewrite one SYN into 100 different source ports.
        let file = PcapTestFile(parsing: try CaptureFixtures.bytes("refused-any-sll1.pcap"))
        var flood = file
        let syn = file.records[0]
        flood.records = (0..<100).map { i in
            var r = syn
            // SLL v1 header 16 bytes + IPv4 20 bytes: TCP source port at 36.
            r.data[36] = UInt8((20_000 + i) >> 8)
            r.data[37] = UInt8((20_000 + i) & 0xFF)
            r.seconds = syn.seconds + UInt32(i / 10)
            return r
        }
        let result = try analyze(flood, configuration: .init(maximumConnections: 16))
        #expect(result.connections.total == 100)
        #expect(result.connections.evicted > 0)
        #expect(result.connections.evicted + result.connections.openAtEnd >= 84)
    }

    @Test func malformedCaptureFindsEachViolationOnce() {
        let a = CaptureFixtures.analyze(["malformed-any-sll2.pcap"])
        #expect(a.http.requests == 12)
        #expect(a.http.responses == 12)
        #expect(a.http.malformedResponses == 10)
        for code in [
            "obs-fold", "bare-lf", "conflicting-content-length", "transfer-encoding-with-content-length",
            "invalid-header-name", "header-without-colon", "bad-status-line", "header-section-too-large",
        ] {
            #expect(a.http.violationsByCode[code] == 1, "\(code): \(a.http.violationsByCode)")
        }
        // body-longer (extra bytes after Content-Length) and body-shorter (close before Content-Length).
        #expect(a.http.violationsByCode["body-length-mismatch"] == 2)
        let offsets = a.http.malformedExamples.flatMap(\.violations).filter { $0.code == .obsFold }.map(\.offset)
        #expect(offsets == [60])  // 17 (status line) + 26 (Content-Type) + 17 (X-Folded)
    }

    @Test func tlsCapturesShowOfferedChosenAndAlerts() {
        let versions = CaptureFixtures.analyze(["tls13-only-lo.pcap"])
        #expect(versions.tls.clientHellos == 1)
        #expect(versions.tls.failed == 1)
        #expect(versions.tls.offeredVersions == ["TLSv1.2": 1])
        #expect(versions.tls.alerts == ["target: fatal protocol_version (70)": 1])
        #expect(versions.tls.failures.first?.reason.contains("refused every offered version") == true)
        #expect(versions.tls.serverNames == ["target.internal": 1])
        #expect(versions.tls.helloOutsidePolicy == 0)

        let ciphers = CaptureFixtures.analyze(["tls-cipher-lo.pcapng"])
        #expect(ciphers.tls.connections == 2)
        #expect(ciphers.tls.failed == 1)
        #expect(ciphers.tls.completed == 1)
        #expect(ciphers.tls.alerts == ["target: fatal handshake_failure (40)": 1])
        #expect(ciphers.tls.chosen == ["TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256": 1])
        #expect(ciphers.tls.offeredSuites["ECDHE-RSA-AES128-GCM-SHA256"] == 2)
        #expect(ciphers.tls.failures.first?.reason.contains("no cipher suite in common") == true)
    }

    @Test func targetChoosingOutsideThePolicyIsFlagged() {
        // The same successful handshake judged against a policy without the chosen suite.
        let policy = ELBSecurityPolicy(
            name: "Test-NoGCM",
            versions: [.tls12],
            cipherSuites: [TLSCipherSuite.named("AES128-SHA")].compactMap { $0 }
        )
        let a = CaptureFixtures.analyze(["tls-cipher-lo.pcapng"], configuration: .init(backendPolicy: policy))
        #expect(a.tls.chosenOutsidePolicy == 1)
        #expect(a.tls.helloOutsidePolicy == 2)
        #expect(a.tls.failures.contains { $0.reason.contains("does not allow") })
    }

    @Test func refusedUnreachableAndICMP() {
        let refused = CaptureFixtures.analyze(["refused-any-sll1.pcap"])
        #expect(refused.connections.refused == 3)
        #expect(refused.connections.established == 0)
        let unreachable = CaptureFixtures.analyze(["unreachable-lo.pcap"])
        #expect(unreachable.connections.unansweredSYN >= 1)
        #expect(unreachable.icmpByCode == ["host unreachable": 1])
        #expect(unreachable.icmpExamples.first?.connection == "127.0.0.1:18201 -> 127.0.0.1:18097")
    }

    @Test func healthyCaptureHasNothingWrong() {
        let a = CaptureFixtures.analyze(["healthy-lo-ns.pcap"])
        #expect(a.http.requests == 6)
        #expect(a.http.responses == 6)
        #expect(a.http.malformedResponses == 0)
        #expect(a.http.requestsOutstandingAtTargetClose == 0)
        #expect(a.keepAlive.targetIdleClose.count == 0)
        #expect(a.connections.refused + a.connections.unansweredSYN + a.connections.icmpUnreachable == 0)
    }
}
