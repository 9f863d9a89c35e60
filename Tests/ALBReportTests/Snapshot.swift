import Foundation
import Testing

/// Compares `text` with `Snapshots/<name>` next to this file; `RECORD_SNAPSHOTS=1` rewrites it
/// (and fails, so a recording never passes silently).
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = dir.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: url)
        Issue.record(
            "Recorded new baseline \(name); run again without RECORD_SNAPSHOTS",
            sourceLocation: sourceLocation
        )
        return
    }
    guard let data = try? Data(contentsOf: url) else {
        Issue.record(
            "Missing snapshot \(url.path); run with RECORD_SNAPSHOTS=1 to record it",
            sourceLocation: sourceLocation
        )
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != text {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let want = i < a.count ? String(a[i]) : "<end>"
        let got = i < b.count ? String(b[i]) : "<end>"
        Issue.record(
            "Snapshot \(name) differs at line \(i + 1):\n  expected: \(want)\n  actual:   \(got)",
            sourceLocation: sourceLocation
        )
    }
}
