import Foundation

/// Text written from any thread (a progress printer's output), read back by the test.
public final class CapturedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    public init() {}

    /// Appends `more`.
    public func append(_ more: String) {
        lock.lock()
        text += more
        lock.unlock()
    }

    /// Each redraw of a one-line progress display: the text split at the erase-line sequence (`\r ESC[2K`),
    /// empty parts dropped.
    public var frames: [String] {
        lock.lock()
        defer { lock.unlock() }
        return text.components(separatedBy: "\r\u{1B}[2K").filter { !$0.isEmpty }
    }
}
