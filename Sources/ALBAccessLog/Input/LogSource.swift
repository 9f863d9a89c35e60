#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where log lines come from (access, health-check or connection logs).
///
/// Files are detected as gzip by their magic bytes (`1f 8b`), not by their name; multi-member gzip is
/// read to the end. Directories are walked recursively in name order, as ALB lays logs out in S3
/// (`AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/…_app.<lb>…_<end>Z_…log.gz`); a scan reads
/// the objects of its log type there (``ALBLogObjectName/match(_:type:)``).
/// For S3 streaming, use ``AccessLogFeeder`` instead.
public enum LogSource: Sendable, Hashable, CustomStringConvertible {
    /// A plain or gzip file.
    case file(String)
    /// A directory, walked recursively; objects that are not logs of the type read are ignored.
    case directory(String)
    /// Standard input (plain or gzip).
    case standardInput

    /// `-` → stdin, an existing directory → `.directory`, anything else → `.file`.
    public static func path(_ path: String) -> LogSource {
        if path == "-" { return .standardInput }
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { return .directory(path) }
        return .file(path)
    }

    public var description: String {
        switch self {
        case .file(let p), .directory(let p): p
        case .standardInput: "-"
        }
    }
}

/// Classifies object names the way ALB writes them to S3.
public enum ALBLogObjectName {
    /// What a directory entry is.
    public enum Kind: Sendable, Hashable {
        /// An ALB access log; `end` is the interval end time from the name, if the name has one.
        case accessLog(end: LogTimestamp?)
        /// Not an access log (with the reason).
        case ignored(String)
    }

    /// Classifies a file name (last path component).
    public static func classify(_ name: String) -> Kind {
        if name.hasPrefix(".") { return .ignored("hidden file") }
        if name == "ELBAccessLogTestFile" { return .ignored("ELBAccessLogTestFile (written when logging is enabled)") }
        if name.hasPrefix("conn_log_") { return .ignored("connection log") }
        if name.hasPrefix("health_check_log_") { return .ignored("health check log") }
        if name.contains("_elasticloadbalancing_") {
            guard name.contains("_app.") else { return .ignored("not an Application Load Balancer log") }
            return .accessLog(end: endTime(in: name))
        }
        // Other names (a directory synced by hand, rotated files) count as logs only when they look like
        // one, so that a README or manifest next to the logs is not read as bad log lines.
        guard looksLikeLogFile(name) else { return .ignored("not named like a log file (*.log, *.log.N, *.gz)") }
        return .accessLog(end: endTime(in: name))
    }

    /// Whether an object name makes a file a log of one type, as ``match(_:type:)`` answers.
    public enum Match: Sendable, Hashable {
        /// A log of the type asked about; `end` is the interval end time from the name, if it has one.
        case log(end: LogTimestamp?)
        /// Not a log of that type (with the reason).
        case ignored(String)
    }

    /// Classifies a file name (last path component) for a reader of `type`: access logs as ``classify(_:)``
    /// does; health-check and connection logs by their `health_check_log_` and `conn_log_` prefixes (AWS
    /// names them `health_check_log_<account>_elasticloadbalancing_<region>_app.<lb>_<end>Z_<ip>_<random>.log.gz`
    /// in the access logs' folder layout). Files without such a prefix are not read as those types.
    public static func match(_ name: String, type: ALBLogType) -> Match {
        if type == .access {
            switch classify(name) {
            case .accessLog(let end): return .log(end: end)
            case .ignored(let reason): return .ignored(reason)
            }
        }
        if name.hasPrefix(".") { return .ignored("hidden file") }
        guard let prefix = type.objectNamePrefix, name.hasPrefix(prefix) else {
            let other = logType(of: name).map { "\($0.displayName), not a \(type.displayName)" }
            return .ignored(other ?? "not named like a \(type.displayName) (\(type.objectNamePrefix ?? "")…)")
        }
        return .log(end: endTime(in: name))
    }

    /// The log type an S3 object name says: `health_check_log_…` and `conn_log_…` objects, and access-log
    /// objects (`…_elasticloadbalancing_…_app.…`); `nil` for any other name (an NLB log, a file named by hand).
    public static func logType(of name: String) -> ALBLogType? {
        if name.hasPrefix("health_check_log_") { return .healthCheck }
        if name.hasPrefix("conn_log_") { return .connection }
        if name.contains("_elasticloadbalancing_") && name.contains("_app.") { return .access }
        return nil
    }

    /// `access.log`, `access.log.1`, `access.log.2.gz`, `alb.gz`, `alb.txt`: names a log file may have.
    static func looksLikeLogFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".log") || lower.hasSuffix(".gz") || lower.hasSuffix(".txt") || lower.contains(".log.")
    }

    /// The `_YYYYMMDDTHHMMZ_` interval end time in an ALB log name, if present.
    public static func endTime(in name: String) -> LogTimestamp? {
        let b = Array(name.utf8)
        guard b.count >= 15 else { return nil }
        var i = 0
        while i + 15 <= b.count {
            if b[i] == UInt8(ascii: "_"), i + 15 < b.count, b[i + 9] == UInt8(ascii: "T"),
                b[i + 14] == UInt8(ascii: "Z"), b[i + 15] == UInt8(ascii: "_")
            {
                func num(_ from: Int, _ len: Int) -> Int? {
                    var v = 0
                    for k in from..<(from + len) {
                        let d = Int(b[k]) - 48
                        guard d >= 0, d < 10 else { return nil }
                        v = v * 10 + d
                    }
                    return v
                }
                if let y = num(i + 1, 4), let mo = num(i + 5, 2), let d = num(i + 7, 2), let h = num(i + 10, 2),
                    let mi = num(i + 12, 2), let t = LogTimestamp(year: y, month: mo, day: d, hour: h, minute: mi)
                {
                    return t
                }
            }
            i += 1
        }
        return nil
    }
}

/// Expands sources into the ordered list of files to read.
struct SourcePlan {
    enum Unit {
        case file(String)
        case standardInput
    }
    var units: [Unit] = []
    var prunedByWindow = 0
    var ignored = 0

    /// The files to read as logs of `type`: every file and stdin named as a source, and in directories the
    /// objects whose names make them logs of that type (the others are counted in ``ignored``).
    static func make(
        _ sources: [LogSource],
        window: TimeWindow?,
        type: ALBLogType = .access
    ) throws(LogSourceError) -> SourcePlan {
        var plan = SourcePlan()
        for source in sources {
            switch source {
            case .standardInput:
                plan.units.append(.standardInput)
            case .file(let path):
                var st = stat()
                guard stat(path, &st) == 0 else {
                    throw LogSourceError(path: path, message: String(cString: strerror(errno)))
                }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    try plan.walk(path, window: window, type: type)
                } else if let window,
                    let end = ALBLogObjectName.endTime(in: String(path.split(separator: "/").last ?? "")),
                    !window.mayContainFile(endingAt: end)
                {
                    plan.prunedByWindow += 1
                } else {
                    plan.units.append(.file(path))
                }
            case .directory(let path):
                try plan.walk(path, window: window, type: type)
            }
        }
        return plan
    }

    mutating func walk(_ dir: String, window: TimeWindow?, type: ALBLogType) throws(LogSourceError) {
        try SourcePlan.enumerate(dir) { path, name in
            switch ALBLogObjectName.match(name, type: type) {
            case .ignored:
                ignored += 1
            case .log(let end):
                if let window, let end, !window.mayContainFile(endingAt: end) {
                    prunedByWindow += 1
                } else {
                    units.append(.file(path))
                }
            }
        } other: {
            ignored += 1
        }
    }

    /// Calls `file` with the path and name of every regular file (or symbolic link to one) under `dir`,
    /// recursively in name order, skipping hidden directories, and `other` for every other entry.
    static func enumerate(
        _ dir: String,
        file: (_ path: String, _ name: String) -> Void,
        other: () -> Void
    ) throws(LogSourceError) {
        guard let d = opendir(dir) else {
            throw LogSourceError(path: dir, message: String(cString: strerror(errno)))
        }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(d)
        names.sort()
        for name in names {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            let kind = st.st_mode & S_IFMT
            if kind == S_IFDIR {
                if name.hasPrefix(".") { continue }
                try enumerate(path, file: file, other: other)
                continue
            }
            if kind == S_IFLNK {
                var target = stat()
                guard stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFREG else {
                    other()
                    continue
                }
            } else if kind != S_IFREG {
                other()
                continue
            }
            file(path, name)
        }
    }
}
