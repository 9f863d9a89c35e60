import AWSSigV4
import Foundation
import Logging

/// Runs a profile's `credential_process` command and reads the JSON it prints
/// (`{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}`).
///
/// The command runs through `/bin/sh -c`. Its standard output is never logged or put into errors.
public struct ProcessCredentialProvider: Sendable {
    /// The command line.
    public var command: String
    /// The profile that configured it (for messages).
    public var profile: String
    /// Kill the process after this many seconds.
    public var timeout: TimeInterval

    /// Creates a provider.
    public init(command: String, profile: String, timeout: TimeInterval = 60) {
        self.command = command
        self.profile = profile
        self.timeout = timeout
    }

    private struct Output: Decodable {
        var Version: Int?
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var SessionToken: String?
        var Expiration: String?
    }

    /// Runs the command and parses its output.
    public func fetch() async throws -> AWSCredentials {
        let (status, stdout, stderr) = try await Self.run(command: command, timeout: timeout)
        let prefix = "credential_process of profile \(profile)"
        guard status == 0 else {
            let reason = String(decoding: stderr.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw AWSClientError(
                .credentialSourceFailed,
                "\(prefix) exited with status \(status)" + (reason.isEmpty ? "" : ": \(reason)")
            )
        }
        guard let output = try? JSONDecoder().decode(Output.self, from: Data(stdout)) else {
            throw AWSClientError(.credentialSourceFailed, "\(prefix) did not print a JSON object on standard output")
        }
        guard output.Version == 1 else {
            throw AWSClientError(
                .credentialSourceFailed,
                "\(prefix): \"Version\" is \(output.Version.map(String.init) ?? "missing"), expected 1"
            )
        }
        guard let keyID = output.AccessKeyId, let secret = output.SecretAccessKey else {
            throw AWSClientError(.credentialSourceFailed, "\(prefix): output lacks AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = output.Expiration {
            guard let date = AWSTimestamp.parseISO8601(text) else {
                throw AWSClientError(.credentialSourceFailed, "\(prefix): Expiration \"\(text)\" is not ISO 8601")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: output.SessionToken, expiration: expiration)
    }

    static func run(command: String, timeout: TimeInterval) async throws -> (Int32, [UInt8], [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw AWSClientError(.credentialSourceFailed, "credential_process could not be started: \(error)")
        }
        let pid = process.processIdentifier
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
            if process.isRunning { kill(pid, SIGKILL) }
        }
        async let stdout = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderr = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }.value
        let (o, e) = await (stdout, stderr)
        process.waitUntilExit()
        timer.cancel()
        return (process.terminationStatus, Array(o.prefix(1 << 20)), Array(e.prefix(1 << 16)))
    }
}
