import CZlib

/// Streaming gzip decoder on zlib: push compressed chunks, inflated output goes to a sink in ≤1 MiB
/// pieces. Handles multi-member streams, ignores zero padding after the last member, and reports the
/// compressed byte offset of corruption, truncation or trailing garbage.
final class ZlibInflater {
    enum Failure: Error {
        case corrupt(offset: Int, message: String)
        case trailingGarbage(offset: Int)
        case truncated(offset: Int)
    }

    private var stream = z_stream()
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity: Int
    private var inMember = false
    private var initialized = false
    private(set) var failed = false
    /// Compressed bytes consumed so far (the offset of the next input byte).
    private(set) var offset = 0
    private(set) var members = 0

    private let ownsOutput: Bool

    /// Inflates into its own 1 MiB output buffer.
    init(outputCapacity: Int = 1 << 20) {
        self.outputCapacity = outputCapacity
        self.output = .allocate(capacity: outputCapacity)
        self.ownsOutput = true
    }

    /// Inflates into a caller-owned output buffer that outlives the inflater.
    init(output: UnsafeMutableRawPointer, capacity: Int) {
        self.output = output.assumingMemoryBound(to: UInt8.self)
        self.outputCapacity = capacity
        self.ownsOutput = false
    }

    deinit {
        if initialized { inflateEnd(&stream) }
        if ownsOutput { output.deallocate() }
    }

    private func startMember() -> Bool {
        if initialized {
            return inflateReset(&stream) == Z_OK
        }
        let rc = inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        initialized = rc == Z_OK
        return initialized
    }

    /// Inflates `input`, calling `sink` with each piece of output.
    func push(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
        guard !failed, let base = input.baseAddress else { return }
        var p = base.assumingMemoryBound(to: UInt8.self)
        var remaining = input.count
        while remaining > 0 {
            if !inMember {
                // Between members: skip zero padding; anything else must start a new member.
                while remaining > 0 && p[0] == 0 {
                    p += 1
                    remaining -= 1
                    offset += 1
                }
                if remaining == 0 { return }
                if p[0] != 0x1F || (remaining > 1 && p[1] != 0x8B) {
                    failed = true
                    throw .trailingGarbage(offset: offset)
                }
                guard startMember() else {
                    failed = true
                    throw .corrupt(offset: offset, message: "zlib could not be initialised")
                }
                inMember = true
            }
            stream.next_in = UnsafeMutablePointer(mutating: p)
            stream.avail_in = UInt32(min(remaining, Int(UInt32.max)))
            let given = Int(stream.avail_in)
            var ended = false
            while true {
                stream.next_out = output
                stream.avail_out = UInt32(outputCapacity)
                let rc = inflate(&stream, Z_NO_FLUSH)
                let produced = outputCapacity - Int(stream.avail_out)
                if produced > 0 { sink(UnsafeRawBufferPointer(start: output, count: produced)) }
                if rc == Z_STREAM_END {
                    ended = true
                    break
                }
                if rc == Z_OK {
                    if stream.avail_in == 0 && stream.avail_out != 0 { break }
                    continue
                }
                if rc == Z_BUF_ERROR { break }
                failed = true
                let consumed = given - Int(stream.avail_in)
                let message = stream.msg.map { String(cString: $0) } ?? "inflate error \(rc)"
                throw .corrupt(offset: offset + consumed, message: message)
            }
            let consumed = given - Int(stream.avail_in)
            p += consumed
            remaining -= consumed
            offset += consumed
            if ended {
                inMember = false
                members += 1
            }
        }
    }

    /// Ends the stream; throws if it stopped in the middle of a member.
    func finish() throws(Failure) {
        if !failed && inMember {
            failed = true
            throw .truncated(offset: offset)
        }
    }
}
