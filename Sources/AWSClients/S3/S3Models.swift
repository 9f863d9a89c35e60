import AsyncHTTPClient
import Foundation
import NIOCore

/// One object of a listing.
public struct S3Object: Sendable, Hashable {
    /// The key (decoded).
    public var key: String
    /// Size in bytes.
    public var size: Int64
    /// Upload time.
    public var lastModified: Date?
    /// The ETag, quotes removed.
    public var etag: String?

    /// Creates an object description.
    public init(key: String, size: Int64, lastModified: Date?, etag: String?) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.etag = etag
    }
}

/// One page of `ListObjectsV2`.
public struct S3ListPage: Sendable, Hashable {
    /// Objects of the page, in key order.
    public var objects: [S3Object]
    /// Common prefixes when a delimiter was given.
    public var commonPrefixes: [String]
    /// Token for the next page, when truncated.
    public var nextContinuationToken: String?
}

/// The body of a `GetObject`, streamed as it arrives: an `AsyncSequence` of byte chunks.
///
/// Nothing is buffered beyond the chunk in hand, so objects of any size can be fed to a parser.
public struct S3ObjectBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    /// The bucket and key, for messages.
    public var bucket: String
    /// The key.
    public var key: String
    /// `Content-Length` when the server sent it.
    public var contentLength: Int64?
    let body: HTTPClientResponse.Body

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let bucket: String
        let key: String

        public mutating func next() async throws -> ByteBuffer? {
            do {
                return try await base.next()
            } catch {
                throw AWSClientError(
                    .connectionFailed,
                    "GetObject s3://\(bucket)/\(key): the connection failed while the body was streaming: \(error)"
                )
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: body.makeAsyncIterator(), bucket: bucket, key: key)
    }
}
