import Foundation
import Testing

/// Compares `text` with the snapshot file `name` under `directory`; `RECORD_SNAPSHOTS=1` rewrites it (and fails,
/// so a recording never passes silently). A difference names the first line that differs.
public func assertSnapshot(
    _ text: String,
    named name: String,
    in directory: URL,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
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
    guard expected != text else { return }
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
