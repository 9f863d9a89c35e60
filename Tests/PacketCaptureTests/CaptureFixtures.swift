import ALBWire
import Foundation
import PacketCapture

/// Locates the committed captures (made by `Scripts/make-captures.sh`) next to this file.
enum CaptureFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures"
    )

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func analyze(_ names: [String], configuration: TCPConversationTracker.Configuration = .init())
        -> CaptureAnalysis
    {
        CaptureAnalyzer(configuration: configuration).analyze(paths: names.map(path))
    }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".pcap") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pcap-test-\(UUID().uuidString)\(suffix)"
        )
        try Data(bytes).write(to: url)
        return url.path
    }
}
