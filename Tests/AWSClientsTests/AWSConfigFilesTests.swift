import Foundation
import Testing

@testable import AWSClients

/// The shared config and credentials files read from whatever `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE` name, including files that are not regular files.
@Suite struct AWSConfigFilesTests {
    static func environment(_ directory: TemporaryDirectory, _ variables: [String: String]) -> AWSEnvironment {
        AWSEnvironment(variables: variables, homeDirectory: directory.path)
    }

    @Test func devNullReadsAsAnEmptyFile() async throws {
        try await TemporaryDirectory.with { dir in
            let files = try AWSConfigFiles.load(
                environment: Self.environment(
                    dir,
                    ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"]
                )
            )
            #expect(files.profiles.isEmpty)
            #expect(files.configPath == "/dev/null")
        }
    }

    @Test func fifoReadsAsWhatIsWrittenToIt() async throws {
        try await TemporaryDirectory.with { dir in
            let fifo = dir.url.appendingPathComponent("config-fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let text = "[profile piped]\nregion = eu-north-1\n"
            // The writer blocks in open() until the reader opens the FIFO, as with `<(…)`.
            let writer = Thread {
                let fd = open(fifo, O_WRONLY)
                guard fd >= 0 else { return }
                _ = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
                close(fd)
            }
            writer.start()
            let files = try AWSConfigFiles.load(
                environment: Self.environment(
                    dir,
                    ["AWS_CONFIG_FILE": fifo, "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"]
                )
            )
            #expect(files.profile("piped")?["region"] == "eu-north-1")
        }
    }

    @Test func missingFilesAreEmptyAndDirectoriesAreAnError() async throws {
        try await TemporaryDirectory.with { dir in
            let missing = try AWSConfigFiles.load(
                environment: Self.environment(dir, ["AWS_CONFIG_FILE": dir.path + "/nope/config"])
            )
            #expect(missing.profiles.isEmpty)
            let error = #expect(throws: AWSClientError.self) {
                try AWSConfigFiles.load(environment: Self.environment(dir, ["AWS_CONFIG_FILE": dir.path]))
            }
            #expect(error?.message.contains("is a directory") == true)
        }
    }
}
