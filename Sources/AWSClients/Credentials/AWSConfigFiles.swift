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
        if let config = try parseFile(configPath) {
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
        if let credentials = try parseFile(credentialsPath) {
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

    /// The most a config or credentials file may hold; more is not an AWS config file (e.g. `/dev/zero`).
    static let maximumFileSize = 16 << 20

    private static func parseFile(_ path: String) throws -> INIFile? {
        guard let data = try contents(of: path) else { return nil }
        return try INIFile.parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The bytes of `path` read to its end, or `nil` when it does not exist. Works for any readable file,
    /// not only regular ones: `/dev/null` reads as empty, a FIFO (`<(…)`) as what is written to it, as the
    /// AWS CLI does.
    static func contents(of path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw AWSClientError(
                .invalidConfiguration,
                "\(path): cannot be read (\(String(cString: strerror(code))); check its permissions)"
            )
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw AWSClientError(.invalidConfiguration, "\(path): is a directory, expected an AWS config file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw AWSClientError(
                    .invalidConfiguration,
                    "\(path): cannot be read (\(String(cString: strerror(code))))"
                )
            }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumFileSize {
                throw AWSClientError(
                    .invalidConfiguration,
                    "\(path): larger than \(maximumFileSize >> 20) MiB, not an AWS config file"
                )
            }
        }
        return bytes
    }

    /// The properties of `profile`, or `nil` when no file defines it.
    public func profile(_ name: String) -> [String: String]? {
        profiles[name]
    }
}
