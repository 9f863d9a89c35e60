import Foundation

/// The process environment and home directory the configuration is resolved from.
///
/// Injected (never read implicitly inside the resolvers) so tests can run in parallel with their own
/// variables and files.
public struct AWSEnvironment: Sendable, Hashable {
    /// Environment variables.
    public var variables: [String: String]
    /// The home directory (`~` in `~/.aws/config`).
    public var homeDirectory: String

    /// Creates an environment.
    public init(variables: [String: String], homeDirectory: String? = nil) {
        self.variables = variables
        self.homeDirectory = homeDirectory ?? variables["HOME"] ?? NSHomeDirectory()
    }

    /// The current process's environment.
    public static var process: AWSEnvironment {
        AWSEnvironment(variables: ProcessInfo.processInfo.environment)
    }

    /// A variable's value; empty values count as unset, like the AWS CLI.
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// Expands a leading `~` to the home directory.
    public func expandTilde(_ path: String) -> String {
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return homeDirectory + String(path.dropFirst()) }
        return path
    }

    /// `AWS_CONFIG_FILE` or `~/.aws/config`.
    public var configFilePath: String {
        expandTilde(self["AWS_CONFIG_FILE"] ?? "~/.aws/config")
    }

    /// `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`.
    public var credentialsFilePath: String {
        expandTilde(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
    }
}
