#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one work unit (plain, gzip via libdeflate or zlib, stdin) into a ``LineEngine``.
enum FileReader {
    static func read<C>(_ unit: WorkUnit, into engine: LineEngine<C>, configuration: AccessLogScanner.Configuration) {
        let fd: Int32
        switch unit.source {
        case .standardInput:
            fd = 0
        case .file(let path):
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 {
                engine.fail(.readFailed, offset: nil, message: "cannot open: \(String(cString: strerror(errno)))")
                return
            }
        }
        defer { if fd != 0 { close(fd) } }
        engine.statistics.sourcesRead += 1
        let blockSize = configuration.blockSize
        guard let block = engine.scratch.block.reserve(blockSize) else {
            engine.fail(.readFailed, offset: nil, message: "out of memory for a \(blockSize)-byte read buffer")
            return
        }

        // Regular files are read in full blocks; pipes and terminals (stdin) take whatever has arrived, so
        // `tail -f access.log | alb-doctor records -` prints records as they come.
        var st = stat()
        let isRegular = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        let readBlock: (UnsafeMutableRawPointer, Int) -> Int = { buffer, count in
            isRegular ? readFully(fd, buffer, count) : readSome(fd, buffer, count)
        }
        // Sniff the first block.
        var first = readBlock(block, blockSize)
        while first == 1 {  // a pipe may deliver one byte first; gzip detection needs two
            let n = readSome(fd, block + 1, blockSize - 1)
            if n <= 0 { break }
            first += n
        }
        if first < 0 {
            engine.fail(.readFailed, offset: 0, message: "read failed: \(String(cString: strerror(errno)))")
            return
        }
        let bytes = block.assumingMemoryBound(to: UInt8.self)
        let isGzip = first >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
        if !isGzip {
            var offset: Int64 = 0
            // A cancelled task (an MCP client cancelling a tool call) stops reading at the next block.
            while first > 0 && !Task.isCancelled {
                engine.feed(UnsafeRawBufferPointer(start: block, count: first))
                offset += Int64(first)
                first = readBlock(block, blockSize)
            }
            if first < 0 {
                engine.fail(
                    .readFailed,
                    offset: Int(offset),
                    message: "read failed: \(String(cString: strerror(errno)))"
                )
            }
            engine.finish()
            return
        }
        // libdeflate inflates whole members into memory: only when the file and its (last) member fit the
        // limits and the process-wide budget, so peak memory never depends on file sizes.
        if configuration.gzipBackend == .automatic, let lib = Libdeflate.shared, isRegular,
            Int(st.st_size) <= configuration.wholeFileLimit,
            let isize = trailerSize(fd, fileSize: Int(st.st_size)), isize <= configuration.wholeMemberLimit,
            engine.scratch.acquireWholeGzip(
                compressed: Int(st.st_size),
                inflated: max(isize, 64 << 10),
                budget: configuration.wholeGzipMemoryBudget
            )
        {
            readWholeGzip(
                fd,
                size: Int(st.st_size),
                firstBlock: UnsafeRawBufferPointer(start: block, count: first),
                lib: lib,
                engine: engine,
                configuration: configuration
            )
            return
        }
        // Stream with zlib.
        let inflater = engine.scratch.makeInflater()
        var count = first
        do {
            while count > 0 && !Task.isCancelled {
                try inflater.push(UnsafeRawBufferPointer(start: block, count: count)) { engine.feed($0) }
                count = readBlock(block, blockSize)
            }
            if count < 0 {
                engine.fail(
                    .readFailed,
                    offset: inflater.offset,
                    message: "read failed: \(String(cString: strerror(errno)))"
                )
            } else {
                try inflater.finish()
            }
        } catch {
            report(error, engine: engine, base: 0)
        }
        engine.finish()
    }

    /// The gzip trailer's ISIZE (uncompressed size mod 2^32 of the last member), read without moving the
    /// file offset; `nil` if it cannot be read.
    static func trailerSize(_ fd: Int32, fileSize: Int) -> Int? {
        guard fileSize >= 18 else { return nil }
        var trailer: UInt32 = 0
        guard withUnsafeMutableBytes(of: &trailer, { pread(fd, $0.baseAddress, 4, off_t(fileSize - 4)) }) == 4 else {
            return nil
        }
        return Int(UInt32(littleEndian: trailer))
    }

    /// The size of a regular, non-gzip file, or nil.
    static func plainFileSize(_ path: String) -> Int64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        var magic: (UInt8, UInt8) = (0, 0)
        let n = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        if n == 2 && magic.0 == 0x1F && magic.1 == 0x8B { return nil }
        return Int64(st.st_size)
    }

    /// Newlines in `range` of a plain file (0 on error; the scan then reports the error).
    static func countNewlines(_ source: SourcePlan.Unit, range: Range<Int64>, blockSize: Int) -> Int {
        guard case .file(let path) = source else { return 0 }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let scratch = ScratchPool.take()
        defer { ScratchPool.give(scratch) }
        guard let block = scratch.block.reserve(blockSize) else { return 0 }
        var offset = range.lowerBound
        var count = 0
        while offset < range.upperBound {
            let want = Int(min(Int64(blockSize), range.upperBound - offset))
            let n = pread(fd, block, want, off_t(offset))
            if n <= 0 { break }
            var p = UnsafeRawPointer(block)
            let end = p + n
            while p < end, let nl = memchr(p, 0x0A, end - p) {
                count += 1
                p = UnsafeRawPointer(nl) + 1
            }
            offset += Int64(n)
        }
        return count
    }

    /// Reads the lines that **start** in `range` of a plain file (the last one may extend past the range).
    static func readSegment<C>(
        _ source: SourcePlan.Unit,
        range: Range<Int64>,
        into engine: LineEngine<C>,
        configuration: AccessLogScanner.Configuration
    ) {
        guard case .file(let path) = source else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if range.lowerBound == 0 {
                engine.fail(.readFailed, offset: nil, message: "cannot open: \(String(cString: strerror(errno)))")
            }
            return
        }
        defer { close(fd) }
        if range.lowerBound == 0 { engine.statistics.sourcesRead += 1 }
        let blockSize = configuration.blockSize
        guard let block = engine.scratch.block.reserve(blockSize) else { return }
        var offset = range.lowerBound
        if offset > 0 {
            // Skip the end of the line that started in the previous segment.
            var previous: UInt8 = 0
            if pread(fd, &previous, 1, off_t(offset - 1)) != 1 { return }
            if previous != 0x0A {
                var found = false
                while !found && offset < range.upperBound {
                    let want = Int(min(Int64(blockSize), range.upperBound - offset))
                    let n = pread(fd, block, want, off_t(offset))
                    if n <= 0 { return }
                    if let nl = memchr(block, 0x0A, n) {
                        let k = block.distance(to: nl) + 1
                        offset += Int64(k)
                        engine.lineNumber += 1
                        found = true
                    } else {
                        offset += Int64(n)
                    }
                }
                if !found { return }
            }
        }
        // Lines starting before the end of the range (until the task is cancelled).
        while offset < range.upperBound && !Task.isCancelled {
            let want = Int(min(Int64(blockSize), range.upperBound - offset))
            let n = pread(fd, block, want, off_t(offset))
            if n < 0 {
                engine.fail(
                    .readFailed,
                    offset: Int(offset),
                    message: "read failed: \(String(cString: strerror(errno)))"
                )
                return
            }
            if n == 0 { break }
            engine.feed(UnsafeRawBufferPointer(start: block, count: n))
            offset += Int64(n)
        }
        // Finish the line that crosses the end of the range.
        while engine.hasPartialLine {
            let n = pread(fd, block, blockSize, off_t(offset))
            if n <= 0 { break }
            if let nl = memchr(block, 0x0A, n) {
                let k = block.distance(to: nl) + 1
                engine.feed(UnsafeRawBufferPointer(start: block, count: k))
                break
            }
            engine.feed(UnsafeRawBufferPointer(start: block, count: n))
            offset += Int64(n)
        }
        engine.finish()
    }

    static func report<C>(_ error: ZlibInflater.Failure, engine: LineEngine<C>, base: Int) {
        switch error {
        case .corrupt(let offset, let message):
            engine.fail(
                .gzipCorrupt,
                offset: base + offset,
                message:
                    "corrupt gzip data (\(message)) at compressed byte offset \(base + offset); the rest of the file was not read"
            )
        case .truncated(let offset):
            engine.fail(
                .gzipTruncated,
                offset: base + offset,
                message: "gzip stream truncated at compressed byte offset \(base + offset) (file ends inside a member)"
            )
        case .trailingGarbage(let offset):
            engine.fail(
                .gzipTrailingGarbage,
                offset: base + offset,
                message: "bytes after the last gzip member at offset \(base + offset) are not gzip data; ignored"
            )
        }
    }

    static func readWholeGzip<C>(
        _ fd: Int32,
        size: Int,
        firstBlock: UnsafeRawBufferPointer,
        lib: Libdeflate,
        engine: LineEngine<C>,
        configuration: AccessLogScanner.Configuration
    ) {
        guard let data = engine.scratch.compressed.reserve(max(size, firstBlock.count, 1)) else {
            engine.fail(.readFailed, offset: nil, message: "out of memory for a \(size)-byte gzip file")
            return
        }
        if let b = firstBlock.baseAddress { data.copyMemory(from: b, byteCount: firstBlock.count) }
        var have = firstBlock.count
        while have < size {
            let n = readFully(fd, data + have, size - have)
            if n <= 0 { break }
            have += n
        }
        let bytes = data.assumingMemoryBound(to: UInt8.self)
        var isize = 0
        if have >= 4 {
            isize =
                Int(bytes[have - 4]) | Int(bytes[have - 3]) << 8 | Int(bytes[have - 2]) << 16 | Int(bytes[have - 1])
                << 24
        }
        var capacity = min(max(isize, 64 << 10), configuration.wholeMemberLimit)
        guard var out = engine.scratch.inflated.reserve(capacity) else {
            zlibFallback(data, from: 0, count: have, engine: engine)
            return
        }
        capacity = max(capacity, min(engine.scratch.inflated.capacity, configuration.wholeMemberLimit))
        guard let decompressor = lib.alloc() else {
            zlibFallback(data, from: 0, count: have, engine: engine)
            return
        }
        defer { lib.free(decompressor) }
        var offset = 0
        while offset < have {
            while offset < have && bytes[offset] == 0 { offset += 1 }
            if offset >= have { break }
            if bytes[offset] != 0x1F || (offset + 1 < have && bytes[offset + 1] != 0x8B) {
                report(.trailingGarbage(offset: offset), engine: engine, base: 0)
                break
            }
            var usedIn = 0
            var usedOut = 0
            let rc = lib.gzipDecompressEx(decompressor, data + offset, have - offset, out, capacity, &usedIn, &usedOut)
            if rc == Libdeflate.success {
                engine.statistics.gzipMembersInflatedWithLibdeflate += 1
                engine.feed(UnsafeRawBufferPointer(start: out, count: usedOut))
                offset += usedIn
                continue
            }
            if rc == Libdeflate.insufficientSpace && capacity < configuration.wholeMemberLimit
                && engine.scratch.acquireWholeGzip(
                    compressed: max(size, firstBlock.count, 1),
                    inflated: configuration.wholeMemberLimit,
                    budget: configuration.wholeGzipMemoryBudget
                )
            {
                capacity = configuration.wholeMemberLimit
                guard let bigger = engine.scratch.inflated.reserve(capacity) else {
                    zlibFallback(data, from: offset, count: have, engine: engine)
                    return
                }
                out = bigger
                continue
            }
            // Bad data, truncation, or a member too large: let zlib stream from this member, which keeps the
            // lines before a fault and reports its exact offset.
            zlibFallback(data, from: offset, count: have, engine: engine)
            return
        }
        engine.finish()
    }

    static func zlibFallback<C>(_ data: UnsafeMutableRawPointer, from offset: Int, count: Int, engine: LineEngine<C>) {
        let inflater = engine.scratch.makeInflater()
        do {
            try inflater.push(UnsafeRawBufferPointer(start: data + offset, count: count - offset)) { engine.feed($0) }
            try inflater.finish()
        } catch {
            report(error, engine: engine, base: offset)
        }
        engine.finish()
    }

    /// Reads up to `count` bytes, retrying short reads until EOF; returns bytes read, 0 at EOF, -1 on error.
    /// One read (retrying EINTR): bytes read, 0 at EOF, -1 on error.
    static func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        var total = 0
        while total < count {
            let n = Glibc.read(fd, buffer + total, count - total)
            if n < 0 {
                if errno == EINTR { continue }
                return total > 0 ? total : -1
            }
            if n == 0 { break }
            total += n
        }
        return total
    }
}
