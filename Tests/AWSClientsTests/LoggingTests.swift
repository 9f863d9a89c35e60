import AWSClients
import Foundation
import Logging
import TestSupport
import Testing

/// The layer logs to the logger it is given (at debug), and never logs credentials or signatures.
@Suite struct LoggingTests {
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) {
            lock.lock()
            lines.append(line)
            lock.unlock()
        }
        var all: [String] {
            lock.lock()
            defer { lock.unlock() }
            return lines
        }
    }

    struct Handler: LogHandler {
        let capture: Capture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })")
        }
    }

    @Test func debugLogsCarryNoSecrets() async throws {
        let capture = Capture()
        let logger = Logger(label: "test") { _ in Handler(capture: capture) }
        let secret = "LOGSECRETxLOGSECRETxLOGSECRETx12345678"
        let token = "LOGTOKENxLOGTOKENxLOGTOKENx87654321"
        let throttled = LoopbackJSONServer.Response(
            status: 400,
            body: Array(
                "<ErrorResponse><Error><Code>Throttling</Code><Message>slow</Message></Error></ErrorResponse>".utf8
            )
        )
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { _ in throttled }
        try await withLoopbackJSONServer(answer) { server in
            let core = AWSHTTPClient(
                credentialProvider: StaticCredentialProvider(
                    AWSCredentials(accessKeyID: "ASIALOGLOGLOGLOGLOG1", secretAccessKey: secret, sessionToken: token)
                ),
                region: "us-east-1",
                endpoints: AWSEndpointResolver(commandLineOverride: server.endpoint),
                retry: AWSRetryPolicy(maxAttempts: 2, baseDelay: 0.01),
                logger: logger
            )
            _ = try? await STSClient(core: core).getCallerIdentity()
            #expect(server.requests.count == 2)
        }
        let lines = capture.all
        #expect(lines.contains { $0.contains("aws call") && $0.contains("GetCallerIdentity") })
        #expect(lines.contains { $0.contains("aws retry") })
        for line in lines {
            #expect(!line.contains(secret))
            #expect(!line.contains(token))
            #expect(!line.contains("Signature="))
        }
    }
}
