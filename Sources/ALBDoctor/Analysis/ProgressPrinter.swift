import Foundation

/// A one-line progress display on standard error, shown only when standard error is a terminal, at most ten
/// updates a second:
///
/// - while logs are read: `reading ▮▮▮ 1234567 lines, 345.0 MB (690 MB/s)`;
/// - while S3 objects stream, after `beginObjects`, a bar over the listed objects and their bytes:
///   `s3 [######--------------] 12/40 objects, 61.2/203.9 MB, 1234567 lines (40.1 MB/s)`;
/// - between steps (`diagnose` gathering metrics, CloudTrail, …), the current step: `metrics: GetMetricData…`.
public final class ProgressPrinter: ScanProgressSink, @unchecked Sendable {
    private let lock = NSLock()
    private var lines = 0
    private var bytes = 0
    private var objectsTotal = 0
    private var objectsDone = 0
    private var objectBytesTotal: Int64 = 0
    private var objectBytesDone: Int64 = 0
    private var objectsStarted = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let started = Date()
    private let write: @Sendable (String) -> Void
    private let minimumInterval: TimeInterval

    /// A printer writing to standard error.
    public convenience init() {
        self.init(minimumInterval: 0.1) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// A printer writing with `write` (tests capture the output), redrawing at most every `minimumInterval`.
    public init(minimumInterval: TimeInterval, write: @escaping @Sendable (String) -> Void) {
        self.minimumInterval = minimumInterval
        self.write = write
    }

    /// A printer if standard error is a terminal, else `nil`.
    public static func ifTerminal() -> ProgressPrinter? {
        ColorMode.isTerminal(2) ? ProgressPrinter() : nil
    }

    public func advance(lines: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.lines += lines
        self.bytes += bytes
        drawLocked(force: false)
    }

    /// Shows the current step (replacing the line).
    public func step(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        drawn = true
        lastDraw = Date()
        write("\r\u{1B}[2K" + text)
    }

    /// From now on, shows a bar over `count` objects of `bytes` bytes in all (as listed, compressed).
    public func beginObjects(count: Int, bytes: Int64) {
        lock.lock()
        defer { lock.unlock() }
        objectsTotal = count
        objectsDone = 0
        objectBytesTotal = bytes
        objectBytesDone = 0
        objectsStarted = Date()
        drawLocked(force: true)
    }

    /// One object of `bytes` listed bytes is done (read or failed).
    public func objectDone(bytes: Int64) {
        lock.lock()
        defer { lock.unlock() }
        objectsDone += 1
        objectBytesDone += bytes
        drawLocked(force: objectsDone == objectsTotal)
    }

    /// The line as it would be drawn now.
    func lineLocked(now: Date) -> String {
        if objectsTotal > 0 {
            let width = 20
            let fraction =
                objectBytesTotal > 0
                ? Double(objectBytesDone) / Double(objectBytesTotal)
                : Double(objectsDone) / Double(objectsTotal)
            let filled = min(width, max(0, Int((fraction * Double(width)).rounded(.down))))
            let seconds = max(0.001, now.timeIntervalSince(objectsStarted))
            return String(
                format: "s3 [%@%@] %d/%d objects, %.1f/%.1f MB, %d lines (%.1f MB/s)",
                String(repeating: "#", count: filled),
                String(repeating: "-", count: width - filled),
                objectsDone,
                objectsTotal,
                Double(objectBytesDone) / 1_000_000,
                Double(objectBytesTotal) / 1_000_000,
                lines,
                Double(objectBytesDone) / 1_000_000 / seconds
            )
        }
        let mb = Double(bytes) / 1_000_000
        let seconds = max(0.001, now.timeIntervalSince(started))
        let bar = String(repeating: "▮", count: min(20, Int(seconds * 4) % 21))
        return String(format: "reading %@ %d lines, %.1f MB (%.0f MB/s)", bar, lines, mb, mb / seconds)
    }

    private func drawLocked(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= minimumInterval else { return }
        lastDraw = now
        drawn = true
        write("\r\u{1B}[2K" + lineLocked(now: now))
    }

    /// Clears the progress line.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { write("\r\u{1B}[2K") }
        drawn = false
    }
}
