import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The shared core of every service client: resolve the endpoint, sign with SigV4, send with
/// AsyncHTTPClient, retry as the SDKs' standard mode does, and decode AWS errors.
///
/// Quiet by default: it logs at `debug`/`trace` on the logger it is given, and never logs headers,
/// bodies or credentials.
public struct AWSHTTPClient: Sendable {
    /// The HTTP client (the process-wide shared one unless injected).
    public var httpClient: HTTPClient
    /// The credentials to sign with.
    public var credentialProvider: any CredentialProvider
    /// The signing region.
    public var region: String
    /// Endpoint selection.
    public var endpoints: AWSEndpointResolver
    /// Retry behaviour.
    public var retry: AWSRetryPolicy
    /// Deadline of one attempt.
    public var timeout: TimeAmount
    /// The most a buffered response may hold.
    public var maxResponseBytes: Int
    /// The clock used for signing.
    public var now: @Sendable () -> Date
    /// Where debug output goes.
    public var logger: Logger
    /// When set, every request sent (retries included) is counted here.
    public var callLog: AWSCallLog?

    /// Creates a core client.
    public init(
        httpClient: HTTPClient = AWSHTTPClient.sharedHTTPClient,
        credentialProvider: any CredentialProvider,
        region: String,
        endpoints: AWSEndpointResolver = AWSEndpointResolver(),
        retry: AWSRetryPolicy = AWSRetryPolicy(),
        timeout: TimeAmount = .seconds(30),
        maxResponseBytes: Int = 64 << 20,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "alb-doctor.aws", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.httpClient = httpClient
        self.credentialProvider = credentialProvider
        self.region = region
        self.endpoints = endpoints
        self.retry = retry
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.now = now
        self.logger = logger
    }

    /// Sends `request` and returns the buffered 2xx response, or throws `AWSServiceError` / `AWSClientError`.
    public func send(_ request: AWSRequest, service: AWSServiceInfo) async throws -> AWSResponse {
        try await withRetries(request, service: service) { response, endpoint in
            let body = try await collect(response.body, operation: request.operation, endpoint: endpoint)
            return AWSResponse(status: Int(response.status.code), headers: response.headers, body: body)
        }
    }

    /// Sends `request` and returns the 2xx response with its body still streaming (retries happen only
    /// before the body starts).
    public func stream(_ request: AWSRequest, service: AWSServiceInfo, bodyTimeout: TimeAmount = .minutes(30))
        async throws -> HTTPClientResponse
    {
        try await withRetries(request, service: service, deadline: bodyTimeout) { response, _ in response }
    }

    private func collect(_ body: HTTPClientResponse.Body, operation: String, endpoint: AWSEndpoint) async throws
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        for try await var chunk in body {
            guard bytes.count + chunk.readableBytes <= maxResponseBytes else {
                throw AWSClientError(
                    .responseTooLarge,
                    "\(operation) at \(endpoint): response larger than \(maxResponseBytes) bytes"
                )
            }
            if let part = chunk.readBytes(length: chunk.readableBytes) { bytes += part }
        }
        return bytes
    }

    /// Resolves the endpoint and request target of `request`.
    func target(_ request: AWSRequest, service: AWSServiceInfo) throws -> (endpoint: AWSEndpoint, path: String) {
        var (endpoint, custom) = try endpoints.endpoint(for: service, region: region)
        var path = request.path
        if let bucket = request.s3Bucket {
            let virtual: Bool
            switch endpoints.s3AddressingStyle {
            case .path: virtual = false
            case .virtual: virtual = true
            case .auto: virtual = !custom && AWSEndpointResolver.isVirtualHostable(bucket: bucket)
            }
            let encodedBucket = SigV4Encoding.encode(bucket)
            if virtual {
                endpoint.host = "\(bucket).\(endpoint.host)"
            } else {
                path = "/\(encodedBucket)" + (path == "/" ? "" : path)
            }
        }
        return (endpoint, path)
    }

    private func withRetries<T>(
        _ request: AWSRequest,
        service: AWSServiceInfo,
        deadline: TimeAmount? = nil,
        _ handle: (HTTPClientResponse, AWSEndpoint) async throws -> T
    ) async throws -> T {
        let (endpoint, path) = try target(request, service: service)
        var attempt = 0
        while true {
            attempt += 1
            callLog?.record(service: service.signingName, operation: request.operation, retry: attempt > 1)
            let failure: any Error
            do {
                let response = try await execute(
                    request,
                    service: service,
                    endpoint: endpoint,
                    path: path,
                    deadline: deadline ?? timeout
                )
                let status = Int(response.status.code)
                logger.debug(
                    "aws call",
                    metadata: [
                        "service": "\(service.signingName)", "operation": "\(request.operation)",
                        "status": "\(status)", "attempt": "\(attempt)",
                    ]
                )
                if (200..<300).contains(status) {
                    return try await handle(response, endpoint)
                }
                let body = try await collect(response.body, operation: request.operation, endpoint: endpoint)
                failure = AWSErrorDecoder.decode(
                    AWSResponse(status: status, headers: response.headers, body: body),
                    request: request,
                    service: service,
                    endpoint: endpoint
                )
            } catch let error as AWSClientError {
                failure = error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = Self.transportError(error, operation: request.operation, endpoint: endpoint)
            }
            guard attempt < retry.maxAttempts, Self.isRetryable(failure) else { throw failure }
            let delay = retry.delay(afterAttempt: attempt)
            logger.debug(
                "aws retry",
                metadata: [
                    "operation": "\(request.operation)", "attempt": "\(attempt)",
                    "delay_ms": "\(Int(delay * 1000))",
                ]
            )
            try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
    }

    /// Whether an error is worth another attempt.
    public static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as AWSServiceError: return error.isRetryable
        case let error as AWSClientError:
            switch error.code {
            case .connectionFailed, .timedOut: return true
            case .unexpectedResponse: return error.message.contains("HTTP 5")
            default: return false
            }
        default: return false
        }
    }

    static func transportError(_ error: any Error, operation: String, endpoint: AWSEndpoint) -> AWSClientError {
        if let error = error as? HTTPClientError,
            error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout || error == .writeTimeout
        {
            return AWSClientError(.timedOut, "\(operation) at \(endpoint): no answer in time (\(error))")
        }
        return AWSClientError(.connectionFailed, "\(operation) at \(endpoint): connection failed: \(error)")
    }

    private func execute(
        _ request: AWSRequest,
        service: AWSServiceInfo,
        endpoint: AWSEndpoint,
        path: String,
        deadline: TimeAmount
    ) async throws -> HTTPClientResponse {
        let query = request.query.map { "\(SigV4Encoding.encode($0.name))=\(SigV4Encoding.encode($0.value))" }
            .joined(separator: "&")
        var outgoing = HTTPClientRequest(url: endpoint.url(path: path, query: query))
        outgoing.method = HTTPMethod(rawValue: request.method)
        var headers: [(name: String, value: String)] = [("Host", endpoint.hostHeader)]
        headers += request.headers
        if request.signed {
            let credentials = try await credentialProvider.credentials(logger: logger)
            let signer = SigV4Signer(
                credentials: credentials,
                region: region,
                service: service.signingName,
                options: request.s3Bucket != nil || service == .s3 ? .s3 : SigV4Signer.Options()
            )
            let signed = signer.sign(
                method: request.method,
                wirePath: endpoint.basePath + path,
                query: request.query,
                headers: headers,
                payload: service == .s3 && endpoint.scheme == "https" ? .unsigned : .bytes(request.body),
                date: now()
            )
            headers += signed.headersToAdd
        }
        for (name, value) in headers { outgoing.headers.add(name: name, value: value) }
        outgoing.headers.add(name: "User-Agent", value: "alb-doctor/0.1")
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        return try await httpClient.execute(outgoing, timeout: deadline, logger: logger)
    }
}
