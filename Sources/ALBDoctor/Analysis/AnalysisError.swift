import ALBAccessLog

/// Why `analyze` could not produce a report.
public enum AnalysisError: Error, Sendable, CustomStringConvertible {
    /// No paths were given.
    case noInput
    /// A path does not exist or a directory cannot be listed.
    case source(LogSourceError)
    /// `--since` / `--until` could not be parsed.
    case window(String)
    /// Nothing that looks like an ALB access log was found.
    case noLogFiles(paths: [String], ignored: Int)
    /// Lines were read but none is an ALB access-log line.
    case noRecords(paths: [String], linesRead: Int, problems: [String])
    /// No `--pcap` file could be read (one message per file).
    case capture([String])
    /// `s3://` logs could not be listed or read.
    case s3(String)
    /// A `--kube-pods` file could not be read.
    case kubePods(String)

    public var description: String {
        switch self {
        case .noInput:
            return "no input: give at least one access-log file or directory, or - for standard input"
        case .source(let e):
            // The command prints its own "error:" prefix: one is enough.
            return "\(e.path): \(e.message)"
        case .window(let message):
            return message
        case .noLogFiles(let paths, let ignored):
            var s = "no ALB access-log files found in \(paths.joined(separator: ", "))"
            s +=
                " (looked for *.log and *.log.gz, as ALB writes them under AWSLogs/<account>/elasticloadbalancing/<region>/…)"
            if ignored > 0 { s += "; \(ignored) other file(s) ignored" }
            return s
        case .noRecords(let paths, let linesRead, let problems):
            var s =
                "none of the \(linesRead) line(s) in \(paths.joined(separator: ", ")) is a valid ALB access-log line"
            if !problems.isEmpty { s += ":\n  " + problems.prefix(3).joined(separator: "\n  ") }
            return s
        case .capture(let problems):
            return CaptureEvidence.ReadError(problems: problems).description
        case .s3(let message):
            return message
        case .kubePods(let message):
            return message
        }
    }
}
