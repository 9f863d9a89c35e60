import Foundation

/// A one-line progress display on standard error ("reading… 1,234,567 lines, 345 MB"), shown only
/// when standard error is a terminal, at most ten updates a second.
public final class ProgressPrinter: ScanProgressSink, @unchecked Sendable {
    private let lock = NSLock()
    private var lines = 0
    private var bytes = 0
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let started = Date()

    /// A printer if standard error is a terminal, else `nil`.
    public static func ifTerminal() -> ProgressPrinter? {
        ColorMode.isTerminal(2) ? ProgressPrinter() : nil
    }

    public func advance(lines: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.lines += lines
        self.bytes += bytes
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        drawn = true
        let mb = Double(self.bytes) / 1_000_000
        let seconds = max(0.001, now.timeIntervalSince(started))
        let bar = String(repeating: "▮", count: min(20, Int(seconds * 4) % 21))
        let text = String(
            format: "\r\u{1B}[2Kreading %@ %d lines, %.1f MB (%.0f MB/s)",
            bar,
            self.lines,
            mb,
            mb / seconds
        )
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Clears the progress line.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        drawn = false
    }
}
