import ALBDiagnosis
import ALBReport
import ALBWire
import PacketCapture

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The facade behind `alb-doctor pcap`: reads the captures, runs the capture rules, renders the report.
public struct CaptureCommand: Sendable {
    /// Options of `alb-doctor pcap`.
    public struct Options: Sendable {
        /// Capture files (`-` = stdin).
        public var paths: [String]
        /// Only connections to/from this port; that side is the target.
        public var targetPort: Int?
        /// The load balancer idle timeout, seconds.
        public var idleTimeoutSeconds: Double
        /// The back-end security policy name (default ELBSecurityPolicy-2016-08).
        public var backendPolicy: String?
        /// `text`, `json` or `markdown`.
        public var format: String
        /// `auto`, `on` or `off`.
        public var color: String

        /// Creates options.
        public init(
            paths: [String],
            targetPort: Int? = nil,
            idleTimeoutSeconds: Double = 60,
            backendPolicy: String? = nil,
            format: String = "text",
            color: String = "auto"
        ) {
            self.paths = paths
            self.targetPort = targetPort
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.backendPolicy = backendPolicy
            self.format = format
            self.color = color
        }
    }

    /// A problem with the options, explained.
    public struct OptionError: Error, Sendable, CustomStringConvertible {
        /// What is wrong and what is accepted.
        public var description: String
    }

    /// The rendered report and the exit status to use.
    public struct Outcome: Sendable {
        /// The report text for standard output.
        public var output: String
        /// Messages for standard error (read errors).
        public var diagnostics: [String]
        /// 0 healthy, 1 when a cause was found, 2 when nothing could be read.
        public var exitCode: Int32
    }

    /// The options.
    public let options: Options

    /// Validates the options.
    public init(options: Options) throws(OptionError) {
        guard !options.paths.isEmpty else {
            throw OptionError(description: "give at least one capture file (or - for stdin)")
        }
        if let port = options.targetPort, !(1...65535).contains(port) {
            throw OptionError(description: "--target-port \(port) is not a TCP port (1-65535)")
        }
        guard options.idleTimeoutSeconds > 0, options.idleTimeoutSeconds <= 4000 else {
            throw OptionError(
                description:
                    "--idle-timeout \(options.idleTimeoutSeconds) must be between 1 and 4000 seconds (the ALB range)"
            )
        }
        if let name = options.backendPolicy, ELBSecurityPolicy.named(name) == nil {
            let known = ELBSecurityPolicy.all.map(\.name).joined(separator: ", ")
            throw OptionError(description: "--backend-policy \(name) is unknown; known policies: \(known)")
        }
        guard ReportFormat(rawValue: options.format) != nil else {
            throw OptionError(description: "--format \(options.format) is unknown; use text, json or markdown")
        }
        guard ColorMode(rawValue: options.color) != nil else {
            throw OptionError(description: "--color \(options.color) is unknown; use auto, on or off")
        }
        self.options = options
    }

    /// Analyses the captures and renders the report.
    public func run(environment: [String: String]) throws -> Outcome {
        let policy = options.backendPolicy.flatMap(ELBSecurityPolicy.named) ?? .defaultBackEnd
        let configuration = TCPConversationTracker.Configuration(
            targetPort: options.targetPort.map { UInt16($0) },
            idleTimeoutSeconds: options.idleTimeoutSeconds,
            backendPolicy: policy
        )
        let analysis = CaptureAnalyzer(configuration: configuration).analyze(paths: options.paths)
        let report = CaptureReport(analysis: analysis)
        let format = ReportFormat(rawValue: options.format) ?? .text
        let colors = (ColorMode(rawValue: options.color) ?? .auto).isEnabled(
            fileDescriptor: 1,
            environment: environment
        )
        let output = try format.renderer(colors: colors).render(report)
        let nothingRead = analysis.files.allSatisfy { $0.packets == 0 && $0.error != nil }
        return Outcome(
            output: output,
            diagnostics: analysis.errors.map { "alb-doctor pcap: \($0.description)" },
            exitCode: nothingRead ? 2 : (report.findings.isEmpty ? 0 : 1)
        )
    }
}
