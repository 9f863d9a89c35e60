#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Push-based core: takes uncompressed byte chunks of any size, splits them into lines (memchr) and hands
/// each line to its ``LineProcessor``, which tokenizes it, applies the time window and calls the consumer.
///
/// Complete lines are processed in place in the caller's chunk; only a line that straddles two chunks is
/// copied into a carry buffer bounded by `maxLineLength`. A longer line is reported once and discarded
/// up to its newline, never buffered.
///
/// The engine belongs to one work unit and is used by one thread at a time, so the processor and the
/// statistics it mutates for every line skip the runtime exclusivity checks (which, nested per line, cost
/// more than the line's tokenizing).
final class LineEngine<P: LineProcessor> {
    @exclusivity(unchecked) var processor: P
    @exclusivity(unchecked) var statistics: ParseStatistics
    let source: String
    let window: TimeWindow?
    let maxLineLength: Int
    let scratch: Scratch
    let tokens: LineTokens
    var lineNumber = 0
    let carry: UnsafeMutablePointer<UInt8>
    var carryCount = 0
    var discarding = false

    init(
        processor: P,
        source: String,
        window: TimeWindow?,
        maxLineLength: Int,
        maximumErrors: Int,
        scratch: Scratch = ScratchPool.take()
    ) {
        self.processor = processor
        self.source = source
        self.window = window
        self.maxLineLength = max(maxLineLength, 64)
        self.statistics = ParseStatistics(maximumErrors: maximumErrors)
        if let type = P.logType { self.statistics.logType = type }
        self.scratch = scratch
        self.tokens = scratch.tokens
        if let p = scratch.carry.reserve(self.maxLineLength) {
            self.carry = p.assumingMemoryBound(to: UInt8.self)
        } else {
            self.carry = UnsafeMutableRawPointer.allocate(byteCount: self.maxLineLength, alignment: 16)
                .assumingMemoryBound(to: UInt8.self)
        }
    }

    deinit {
        ScratchPool.give(scratch)
    }

    /// The consumer the processor feeds.
    var consumer: P.Consumer { processor.consumer }

    /// Feeds a chunk of uncompressed bytes.
    func feed(_ chunk: UnsafeRawBufferPointer) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        statistics.bytesRead += Int64(chunk.count)
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = chunk.count
        var i = 0
        let newline = Int32(UInt8(ascii: "\n"))
        if discarding || carryCount > 0 {
            guard let nl = memchr(p, newline, n) else {
                appendToCarry(p, n)
                return
            }
            let k = p.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            if discarding {
                discarding = false
                carryCount = 0
            } else if carryCount + k > maxLineLength {
                lineNumber += 1
                statistics.linesRead += 1
                reportTooLong(length: carryCount + k)
                carryCount = 0
            } else {
                (carry + carryCount).update(from: p, count: k)
                let length = carryCount + k
                carryCount = 0
                processLine(UnsafePointer(carry), length)
            }
            i = k + 1
        }
        while i < n {
            guard let nl = memchr(p + i, newline, n - i) else {
                appendToCarry(p + i, n - i)
                return
            }
            let e = p.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            processLine(p + i, e - i)
            i = e + 1
        }
    }

    /// Whether bytes of an unfinished line are held (or being discarded).
    var hasPartialLine: Bool { carryCount > 0 || discarding }

    /// Ends the stream: a last line without a newline is processed.
    func finish() {
        if discarding {
            discarding = false
        } else if carryCount > 0 {
            let length = carryCount
            carryCount = 0
            processLine(UnsafePointer(carry), length)
        }
    }

    private func appendToCarry(_ p: UnsafePointer<UInt8>, _ count: Int) {
        if discarding { return }
        if carryCount + count > maxLineLength {
            lineNumber += 1
            statistics.linesRead += 1
            reportTooLong(length: carryCount + count)
            carryCount = 0
            discarding = true
            return
        }
        (carry + carryCount).update(from: p, count: count)
        carryCount += count
    }

    private func reportTooLong(length: Int) {
        statistics.recordSkippedLine(
            AccessLogParseError(
                source: source,
                line: lineNumber,
                column: nil,
                field: nil,
                code: .lineTooLong,
                expected: "line longer than \(maxLineLength) bytes (at least \(length)); skipped without buffering it",
                found: ""
            )
        )
    }

    @inline(__always)
    func processLine(_ p: UnsafePointer<UInt8>, _ count: Int) {
        lineNumber += 1
        statistics.linesRead += 1
        var n = count
        if n > 0 && p[n - 1] == UInt8(ascii: "\r") { n -= 1 }
        if n == 0 {
            statistics.emptyLines += 1
            return
        }
        if n > maxLineLength {
            reportTooLong(length: n)
            return
        }
        processor.process(
            UnsafeRawBufferPointer(start: p, count: n),
            lineNumber: lineNumber,
            source: source,
            tokens: tokens,
            window: window,
            statistics: &statistics
        )
    }

    /// Records a stream-level failure (gzip, I/O).
    func fail(_ code: AccessLogParseError.Code, offset: Int?, message: String) {
        statistics.recordFailedSource(
            AccessLogParseError(
                source: source,
                line: nil,
                column: offset,
                field: nil,
                code: code,
                expected: message,
                found: ""
            )
        )
    }
}
