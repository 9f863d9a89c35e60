import AWSSigV4
import Foundation
import Logging

/// Runs a profile's `credential_process` command and reads the JSON it prints
/// (`{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}`).
///
/// The command line is split like a POSIX shell would split words (quotes and backslashes) and run directly,
/// without a shell — as the AWS CLI does. Its standard output is never logged or put into errors.
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
        var version: Int?
        var accessKeyId: String?
        var secretAccessKey: String?
        var sessionToken: String?
        var expiration: String?
    }

    /// Runs the command and parses its output.
    public func fetch() async throws -> AWSCredentials {
        let (status, stdout, stderr) = try await Self.run(command: command, timeout: timeout)
        let prefix = "credential_process of profile \(profile)"
        guard status == 0 else {
            let reason = String(decoding: stderr.prefix(300), as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines
            )
            throw AWSClientError(
                .credentialSourceFailed,
                "\(prefix) exited with status \(status)" + (reason.isEmpty ? "" : ": \(reason)")
            )
        }
        guard let output = try? AWSProtocolRequests.jsonDecoder().decode(Output.self, from: Data(stdout)) else {
            throw AWSClientError(.credentialSourceFailed, "\(prefix) did not print a JSON object on standard output")
        }
        guard output.version == 1 else {
            throw AWSClientError(
                .credentialSourceFailed,
                "\(prefix): \"Version\" is \(output.version.map(String.init) ?? "missing"), expected 1"
            )
        }
        guard let keyID = output.accessKeyId, let secret = output.secretAccessKey else {
            throw AWSClientError(.credentialSourceFailed, "\(prefix): output lacks AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = output.expiration {
            guard let date = AWSTimestamp.parseISO8601(text) else {
                throw AWSClientError(.credentialSourceFailed, "\(prefix): Expiration \"\(text)\" is not ISO 8601")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyID: keyID,
            secretAccessKey: secret,
            sessionToken: output.sessionToken,
            expiration: expiration
        )
    }

    /// Runs the command on dispatch threads (never blocking the Swift concurrency pool): both pipes are
    /// drained concurrently, and the process is killed after `timeout` seconds.
    static func run(command: String, timeout: TimeInterval) async throws -> (Int32, [UInt8], [UInt8]) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                let words = splitCommandLine(command)
                guard !words.isEmpty else {
                    continuation.resume(throwing: AWSClientError(.invalidConfiguration, "credential_process is empty"))
                    return
                }
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = words
                let out = Pipe()
                let err = Pipe()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(
                        throwing: AWSClientError(
                            .credentialSourceFailed,
                            "credential_process could not be started: \(error)"
                        )
                    )
                    return
                }
                let pid = process.processIdentifier
                let timedOut = DataBox()
                let killer = DispatchWorkItem {
                    timedOut.fired = true
                    kill(pid, SIGKILL)
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
                let group = DispatchGroup()
                let errorBox = DataBox()
                group.enter()
                DispatchQueue.global().async {
                    errorBox.data = err.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let output = out.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                killer.cancel()
                if process.terminationReason == .uncaughtSignal {
                    continuation.resume(
                        throwing: AWSClientError(
                            .credentialSourceFailed,
                            "credential_process was killed by signal \(process.terminationStatus)"
                                + (timedOut.fired ? " after the \(timeout) s timeout" : "")
                        )
                    )
                    return
                }
                continuation.resume(
                    returning: (
                        process.terminationStatus, Array(output.prefix(1 << 20)), Array(errorBox.data.prefix(1 << 16))
                    )
                )
            }
        }
    }

    /// Splits a command line into words: whitespace separates, `'…'` is literal, `"…"` allows `\\"`,
    /// a backslash escapes the next character.
    static func splitCommandLine(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                inWord = true
                continue
            }
            switch (quote, character) {
            case (nil, "\\"), ("\"", "\\"):
                escaped = true
                inWord = true
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case (nil, _) where character.isWhitespace:
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    private final class DataBox: @unchecked Sendable {
        var data = Data()
        var fired = false
    }
}
