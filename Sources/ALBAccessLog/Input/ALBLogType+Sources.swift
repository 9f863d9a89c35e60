#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ALBLogType {
    /// The one log type `sources` hold, read from what can be seen before scanning:
    ///
    /// - a directory: access logs when it holds any (health-check and connection logs beside them are
    ///   ignored, as access-log readers always did); otherwise health-check or connection logs, by the
    ///   `health_check_log_` / `conn_log_` object names;
    /// - a file: the type its S3 object name says, otherwise the shape of its first non-empty line
    ///   (``detect(line:)-(UnsafeRawBufferPointer)``; gzip is inflated for that; pipes and other files that
    ///   are not regular are not read ahead);
    /// - stdin: nothing (its type shows in the stream).
    ///
    /// - Returns: `nil` when nothing tells (only stdin, empty directories, unrecognisable first lines).
    /// - Throws: ``LogSourceError`` for a path that does not exist, a directory that cannot be listed, or
    ///   sources that hold more than one log type (read them one type at a time).
    public static func of(_ sources: [LogSource]) throws(LogSourceError) -> ALBLogType? {
        var found: [(type: ALBLogType, path: String)] = []
        for source in sources {
            let path: String
            switch source {
            case .standardInput: continue
            case .file(let p), .directory(let p): path = p
            }
            var st = stat()
            guard stat(path, &st) == 0 else {
                throw LogSourceError(path: path, message: String(cString: strerror(errno)))
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                if let type = try ofDirectory(path) { found.append((type, path)) }
                continue
            }
            let name = String(path.split(separator: "/").last ?? "")
            if let type = ALBLogObjectName.logType(of: name) {
                found.append((type, path))
            } else if (st.st_mode & S_IFMT) == S_IFREG, let type = FirstLine.read(path).flatMap(detect(line:)) {
                found.append((type, path))
            }
        }
        guard let first = found.first else { return nil }
        if let other = found.first(where: { $0.type != first.type }) {
            throw LogSourceError(
                path: other.path,
                message:
                    "holds \(other.type.displayName)s, but \(first.path) holds \(first.type.displayName)s; read one log type at a time"
            )
        }
        return first.type
    }

    /// The type of the logs in a directory (see ``of(_:)``).
    static func ofDirectory(_ path: String) throws(LogSourceError) -> ALBLogType? {
        var access = false
        var healthCheck = false
        var connection = false
        try SourcePlan.enumerate(path) { _, name in
            if case .accessLog = ALBLogObjectName.classify(name) { access = true }
            if name.hasPrefix("health_check_log_") { healthCheck = true }
            if name.hasPrefix("conn_log_") { connection = true }
        } other: {
        }
        if access { return .access }
        if healthCheck && connection {
            throw LogSourceError(
                path: path,
                message: "holds both health-check and connection logs (and no access logs); read one log type at a time"
            )
        }
        return healthCheck ? .healthCheck : connection ? .connection : nil
    }
}

/// Reads the first non-empty line of a file (plain or gzip), at most 64 KiB into it, without the scanner.
enum FirstLine {
    static let limit = 64 << 10

    /// The first non-empty line's bytes, or `nil` if the file cannot be read or has none in its first 64 KiB.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: limit)
        let n = head.withUnsafeMutableBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return FileReader.readFully(fd, base, limit)
        }
        guard n > 0 else { return nil }
        head.removeSubrange(n...)
        var text = head
        if n >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            text = []
            let inflater = ZlibInflater(outputCapacity: limit)
            head.withUnsafeBytes { compressed in
                try? inflater.push(compressed) { piece in
                    if text.count < limit { text.append(contentsOf: piece.prefix(limit - text.count)) }
                }
            }
        }
        var start = 0
        while start < text.count {
            let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
            var line = text[start..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if !line.isEmpty { return Array(line) }
            start = end + 1
        }
        return nil
    }
}

extension ALBLogType {
    /// The log type a line's shape shows (see ``detect(line:)-(UnsafeRawBufferPointer)``).
    static func detect(line: [UInt8]) -> ALBLogType? {
        line.withUnsafeBytes { detect(line: $0) }
    }
}
