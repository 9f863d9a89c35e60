import AWSSigV4
import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// Amazon S3 over REST-XML: `ListObjectsV2` and streamed `GetObject`. Path-style or virtual-hosted
/// addressing per the endpoint resolver (path-style against custom endpoints such as an emulator).
public struct S3Client: Sendable {
    /// The core client.
    public var core: AWSHTTPClient

    /// Creates a client.
    public init(core: AWSHTTPClient) {
        self.core = core
    }

    /// The wire path of a key: `/` + the key percent-encoded with `/` kept.
    public static func keyPath(_ key: String) -> String {
        "/" + SigV4Encoding.encode(key, keepSlash: true)
    }

    /// One page of `ListObjectsV2` (`encoding-type=url`; keys are decoded before they are returned).
    public func listObjectsV2(
        bucket: String,
        prefix: String? = nil,
        startAfter: String? = nil,
        delimiter: String? = nil,
        continuationToken: String? = nil,
        maxKeys: Int? = nil
    ) async throws -> S3ListPage {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("encoding-type", "url")]
        if let prefix { query.append(("prefix", prefix)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let request = AWSRequest(
            operation: "ListObjectsV2",
            iamAction: "s3:ListBucket",
            method: "GET",
            path: "/",
            query: query,
            s3Bucket: bucket,
            errorProtocol: .restXML
        )
        let root = try AWSProtocolRequests.decodeXML(
            try await core.send(request, service: .s3),
            operation: "ListObjectsV2"
        )
        guard root.name == "ListBucketResult" else {
            throw AWSClientError(
                .malformedResponse,
                "ListObjectsV2 s3://\(bucket): root element is <\(root.name)>, expected <ListBucketResult>"
            )
        }
        let urlEncoded = root.string("EncodingType") == "url"
        func decode(_ text: String) -> String { urlEncoded ? SigV4Encoding.decode(text, plusIsSpace: true) : text }
        var objects: [S3Object] = []
        for node in root.all("Contents") {
            guard let key = node.string("Key") else {
                throw AWSClientError(.malformedResponse, "ListObjectsV2 s3://\(bucket): <Contents> without <Key>")
            }
            objects.append(
                S3Object(
                    key: decode(key),
                    size: node.string("Size").flatMap { Int64($0) } ?? 0,
                    lastModified: node.string("LastModified").flatMap(AWSTimestamp.parseISO8601),
                    etag: node.string("ETag").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                )
            )
        }
        let truncated = root.bool("IsTruncated") ?? false
        let next = root.string("NextContinuationToken")
        if truncated && (next ?? "").isEmpty {
            throw AWSClientError(
                .malformedResponse,
                "ListObjectsV2 s3://\(bucket): IsTruncated without NextContinuationToken"
            )
        }
        return S3ListPage(
            objects: objects,
            commonPrefixes: root.all("CommonPrefixes").compactMap { $0.string("Prefix").map(decode) },
            nextContinuationToken: truncated ? next : nil
        )
    }

    /// Every object under `prefix` after `startAfter`, following continuation tokens; at most `limit` objects.
    public func listAllObjects(
        bucket: String,
        prefix: String? = nil,
        startAfter: String? = nil,
        pageSize: Int? = nil,
        limit: Int = 1_000_000
    ) async throws -> [S3Object] {
        var all: [S3Object] = []
        try await AWSPagination.forEachPage(operation: "ListObjectsV2 s3://\(bucket)") { token in
            let page = try await listObjectsV2(
                bucket: bucket,
                prefix: prefix,
                startAfter: token == nil ? startAfter : nil,
                continuationToken: token,
                maxKeys: pageSize
            )
            return (page.objects, all.count + page.objects.count >= limit ? nil : page.nextContinuationToken)
        } _: { page in
            all += page.prefix(limit - all.count)
        }
        return all
    }

    /// `GetObject`, streamed: returns as soon as the response head arrives.
    public func getObject(bucket: String, key: String, range: ClosedRange<Int64>? = nil) async throws -> S3ObjectBody {
        var headers: [(name: String, value: String)] = []
        if let range { headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        let request = AWSRequest(
            operation: "GetObject",
            iamAction: "s3:GetObject",
            method: "GET",
            path: Self.keyPath(key),
            headers: headers,
            s3Bucket: bucket,
            errorProtocol: .restXML
        )
        let response = try await core.stream(request, service: .s3)
        return S3ObjectBody(
            bucket: bucket,
            key: key,
            contentLength: response.headers.first(name: "content-length").flatMap { Int64($0) },
            body: response.body
        )
    }
}
