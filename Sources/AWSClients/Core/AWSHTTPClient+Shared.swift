import AsyncHTTPClient
import Logging
import NIOCore

extension AWSHTTPClient {
    /// The process-wide HTTP client of the AWS layer: like `HTTPClient.shared`, but a failed connection
    /// fails the attempt at once instead of being retried inside the pool until the deadline, so the
    /// standard-mode retry policy (bounded attempts, backoff) is the only retry loop. Never shut down.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
        configuration.redirectConfiguration = .disallow
        return HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: configuration,
            backgroundActivityLogger: Logger(label: "alb-doctor.aws.http", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }()
}
