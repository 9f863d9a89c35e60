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
        let size = (max(count, 1) + 4095) & ~4095
        let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let p, p != MAP_FAILED else { return nil }
        base = p
        capacity = size
        return p
    }

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

    /// A zlib inflater writing into this scratch's 1 MiB output buffer.
    func makeInflater() -> ZlibInflater {
        if let p = zlibOutput.reserve(1 << 20) { return ZlibInflater(output: p, capacity: zlibOutput.capacity) }
        return ZlibInflater()
    }

    deinit {
        tokens.deallocate()
        block.release()
        compressed.release()
        inflated.release()
        carry.release()
        zlibOutput.release()
    }
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
