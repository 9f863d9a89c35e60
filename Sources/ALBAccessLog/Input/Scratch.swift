import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A page-aligned buffer obtained with `mmap` and returned with `munmap`, so large buffers never linger in
/// malloc arenas (peak RSS stays predictable).
struct LargeBuffer {
    private(set) var base: UnsafeMutableRawPointer?
    private(set) var capacity = 0

    /// Makes sure the buffer holds at least `count` bytes (contents are not preserved).
    mutating func reserve(_ count: Int) -> UnsafeMutableRawPointer? {
        if count <= capacity, let base { return base }
        release()
        let size = LargeBuffer.pageRounded(count)
        let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let p, p != MAP_FAILED else { return nil }
        base = p
        capacity = size
        return p
    }

    /// `count` rounded up to whole pages (what ``reserve(_:)`` maps).
    static func pageRounded(_ count: Int) -> Int { (max(count, 1) + 4095) & ~4095 }

    mutating func release() {
        if let base { munmap(base, capacity) }
        base = nil
        capacity = 0
    }
}

/// Per-worker buffers, reused across files through ``ScratchPool`` so that page faults and RSS stay low.
final class Scratch: @unchecked Sendable {
    let tokens = LineTokens()
    var block = LargeBuffer()
    var compressed = LargeBuffer()
    var inflated = LargeBuffer()
    var carry = LargeBuffer()
    var zlibOutput = LargeBuffer()
    /// Bytes of ``WholeGzipBudget`` this scratch holds for `compressed` and `inflated`.
    private(set) var wholeGzipHeld = 0

    /// Makes sure `compressed` and `inflated` can hold `compressed` and `inflated` bytes within the process-wide
    /// `budget` for whole-member gzip buffers; `false` when that would exceed it (stream with zlib then).
    /// The buffers' pages stay resident between files, so what a scratch holds stays counted until it shrinks.
    func acquireWholeGzip(compressed: Int, inflated: Int, budget: Int) -> Bool {
        // What will be mapped: a buffer that is big enough already keeps its size.
        let need =
            max(LargeBuffer.pageRounded(compressed), self.compressed.capacity)
            + max(LargeBuffer.pageRounded(inflated), self.inflated.capacity)
        if need <= wholeGzipHeld { return true }
        let extra = need - wholeGzipHeld
        let granted = WholeGzipBudget.used.withLock { used in
            guard used + extra <= budget else { return false }
            used += extra
            return true
        }
        guard granted else { return false }
        // Map both at their new sizes now, so that what is held matches what may become resident.
        wholeGzipHeld = need
        guard self.compressed.reserve(compressed) != nil, self.inflated.reserve(inflated) != nil else {
            releaseWholeGzip()
            return false
        }
        return true
    }

    /// Unmaps the whole-member buffers and returns their share of the budget.
    func releaseWholeGzip() {
        compressed.release()
        inflated.release()
        let held = wholeGzipHeld
        wholeGzipHeld = 0
        if held > 0 { WholeGzipBudget.used.withLock { $0 -= held } }
    }

    /// A zlib inflater writing into this scratch's 1 MiB output buffer.
    func makeInflater() -> ZlibInflater {
        if let p = zlibOutput.reserve(1 << 20) { return ZlibInflater(output: p, capacity: zlibOutput.capacity) }
        return ZlibInflater()
    }

    deinit {
        tokens.deallocate()
        block.release()
        releaseWholeGzip()
        carry.release()
        zlibOutput.release()
    }
}

/// Bytes mapped for whole-member gzip buffers by all scratches together, against
/// ``AccessLogScanner/Configuration/wholeGzipMemoryBudget``.
enum WholeGzipBudget {
    static let used = Mutex<Int>(0)
}

/// A small pool of ``Scratch`` objects; at most one per concurrently running work unit is ever created.
enum ScratchPool {
    static let pool = Mutex<[Scratch]>([])

    static func take() -> Scratch {
        pool.withLock { $0.popLast() } ?? Scratch()
    }

    static func give(_ scratch: Scratch) {
        pool.withLock { $0.append(scratch) }
    }
}
