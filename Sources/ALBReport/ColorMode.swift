#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether text output uses ANSI colours.
///
/// `auto` enables colours only when the output is a terminal, `TERM` is not `dumb` and `NO_COLOR` is
/// not set to a non-empty value (https://no-color.org). `on` and `off` force the choice.
public enum ColorMode: String, Sendable, Codable, CaseIterable, Hashable {
    case auto, on, off

    /// Decides from explicit facts (testable without a terminal).
    public func isEnabled(isTTY: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .on: return true
        case .off: return false
        case .auto:
            guard isTTY else { return false }
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return true
        }
    }

    /// Decides for a file descriptor (default: standard output) and an environment.
    public func isEnabled(fileDescriptor: Int32 = 1, environment: [String: String]) -> Bool {
        isEnabled(isTTY: ColorMode.isTerminal(fileDescriptor), environment: environment)
    }

    /// Whether the descriptor is a terminal (`isatty`).
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }
}
