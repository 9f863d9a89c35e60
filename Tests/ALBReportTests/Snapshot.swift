import Foundation
import TestSupport
import Testing

/// Compares `text` with `Snapshots/<name>` next to this file; `RECORD_SNAPSHOTS=1` rewrites it
/// (and fails, so a recording never passes silently).
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    TestSupport.assertSnapshot(text, named: name, in: dir, sourceLocation: sourceLocation)
}
