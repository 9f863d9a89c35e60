import Foundation

/// The shared `config` and `credentials` files, merged into profiles the way the AWS CLI does.
///
/// In `config`, profiles are `[profile name]` (and `[default]`); in `credentials` they are `[name]`.
/// Keys from the credentials file take precedence over the same keys in the config file.
public struct AWSConfigFiles: Sendable, Hashable {
    /// Profile name → merged properties.
    public var profiles: [String: [String: String]]
    /// Where each profile's properties came from, for messages.
    public var origins: [String: String]
    /// Where each profile's section is in the config file (`path:line`).
    public var configOrigins: [String: String]
    /// Profiles as defined in the credentials file only.
    public var credentialsFileProfiles: [String: [String: String]]
    /// The config file path (whether or not it exists).
    public var configPath: String
    /// The credentials file path (whether or not it exists).
    public var credentialsPath: String

    /// Loads both files for `environment`. Missing files are empty; unreadable or malformed ones throw.
    public static func load(environment: AWSEnvironment) throws -> AWSConfigFiles {
        let configPath = environment.configFilePath
        let credentialsPath = environment.credentialsFilePath
        var profiles: [String: [String: String]] = [:]
        var origins: [String: String] = [:]
        var configOrigins: [String: String] = [:]
        if let config = try read(configPath) {
            for section in config.sections {
                let name: String
                if section.name == "default" {
                    name = "default"
                } else if section.name.hasPrefix("profile ") || section.name.hasPrefix("profile\t") {
                    name = String(section.name.dropFirst("profile".count)).trimmingSpaces()
                } else {
                    continue  // sso-session, services, plain names (ignored by the CLI in the config file)
                }
                profiles[name, default: [:]].merge(section.values) { _, new in new }
                origins[name] = "\(configPath):\(section.line)"
                configOrigins[name] = "\(configPath):\(section.line)"
            }
        }
        var credentialsFileProfiles: [String: [String: String]] = [:]
        if let credentials = try read(credentialsPath) {
            for section in credentials.sections {
                credentialsFileProfiles[section.name, default: [:]].merge(section.values) { _, new in new }
                profiles[section.name, default: [:]].merge(section.values) { _, new in new }
                origins[section.name] = "\(credentialsPath):\(section.line)"
            }
        }
        return AWSConfigFiles(
            profiles: profiles,
            origins: origins,
            configOrigins: configOrigins,
            credentialsFileProfiles: credentialsFileProfiles,
            configPath: configPath,
            credentialsPath: credentialsPath
        )
    }

    private static func read(_ path: String) throws -> INIFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSClientError(.invalidConfiguration, "\(path): cannot be read (check its permissions)")
        }
        return try INIFile.parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The properties of `profile`, or `nil` when no file defines it.
    public func profile(_ name: String) -> [String: String]? {
        profiles[name]
    }
}
