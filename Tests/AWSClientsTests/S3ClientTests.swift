import AWSClients
import Foundation
import NIOCore
import TestSupport
import Testing

extension MotoBackedTests {
    @Suite struct S3ClientTests {
        static let bucket = "alb-logs-123456789012"
        static let prefix = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2022/04/15/"

        static func objectKey(_ minute: Int) -> String {
            prefix
                + "123456789012_elasticloadbalancing_us-east-1_app.my-lb.50dc6c495c0c9188_20220415T00\(String(format: "%02d", minute))Z_10.0.0.1_0000000\(minute % 10).log.gz"
        }

        /// A deterministic byte pattern with every byte value, larger than one network chunk.
        static func payload(_ seed: UInt8, count: Int) -> [UInt8] {
            (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
        }

        static func upload(_ aws: MotoAWS) async throws -> [String: [UInt8]] {
            try await aws.rest(.s3, "PUT", "/", bucket: bucket)
            var objects: [String: [UInt8]] = [:]
            for (index, minute) in [5, 10, 15, 20].enumerated() {
                objects[objectKey(minute)] = [0x1F, 0x8B] + payload(UInt8(index), count: 300_000 + index)
            }
            objects["AWSLogs/odd prefix+x=y/é.log.gz"] = Array("odd".utf8)
            objects["other/readme.txt"] = Array("not a log".utf8)
            for (key, body) in objects {
                try await aws.rest(.s3, "PUT", S3Client.keyPath(key), body: body, bucket: bucket)
            }
            return objects
        }

        @Test func listsWithPrefixStartAfterAndPagination() async throws {
            let aws = try await MotoAWS.fresh()
            let objects = try await Self.upload(aws)
            let s3 = S3Client(core: aws.core)

            let page = try await s3.listObjectsV2(
                bucket: Self.bucket,
                prefix: Self.prefix,
                startAfter: Self.objectKey(5)
            )
            #expect(page.objects.map(\.key) == [Self.objectKey(10), Self.objectKey(15), Self.objectKey(20)])
            #expect(page.objects.first?.size == Int64(objects[Self.objectKey(10)]?.count ?? -1))
            #expect(page.objects.first?.lastModified != nil)
            #expect(page.nextContinuationToken == nil)

            let first = try await s3.listObjectsV2(bucket: Self.bucket, prefix: Self.prefix, maxKeys: 3)
            #expect(first.objects.count == 3)
            #expect(first.nextContinuationToken != nil)

            let all = try await s3.listAllObjects(bucket: Self.bucket, prefix: "AWSLogs/", pageSize: 2)
            #expect(
                all.map(\.key) == ([5, 10, 15, 20].map(Self.objectKey) + ["AWSLogs/odd prefix+x=y/é.log.gz"]).sorted()
            )
            let limited = try await s3.listAllObjects(bucket: Self.bucket, prefix: "AWSLogs/", pageSize: 2, limit: 3)
            #expect(limited.count == 3)

            let byDay = try await s3.listObjectsV2(
                bucket: Self.bucket,
                prefix: "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2022/04/",
                delimiter: "/"
            )
            #expect(byDay.commonPrefixes == [Self.prefix])
        }

        @Test func getObjectStreamsTheBytesUnchangedInSeveralChunks() async throws {
            let aws = try await MotoAWS.fresh()
            let objects = try await Self.upload(aws)
            let s3 = S3Client(core: aws.core)
            for key in [Self.objectKey(15), "AWSLogs/odd prefix+x=y/é.log.gz"] {
                let body = try await s3.getObject(bucket: Self.bucket, key: key)
                var received: [UInt8] = []
                var chunks = 0
                for try await var chunk in body {
                    chunks += 1
                    received += chunk.readBytes(length: chunk.readableBytes) ?? []
                }
                #expect(received == objects[key])
                #expect(body.contentLength == Int64(received.count))
                if received.count > 100_000 { #expect(chunks > 1) }
            }
            let ranged = try await s3.getObject(bucket: Self.bucket, key: Self.objectKey(5), range: 0...9)
            var bytes: [UInt8] = []
            for try await var chunk in ranged { bytes += chunk.readBytes(length: chunk.readableBytes) ?? [] }
            #expect(bytes == Array((objects[Self.objectKey(5)] ?? []).prefix(10)))
        }

        @Test func missingKeyAndBucketAreTypedErrors() async throws {
            let aws = try await MotoAWS.fresh()
            _ = try await Self.upload(aws)
            let s3 = S3Client(core: aws.core)
            let missingKey = await #expect(throws: AWSServiceError.self) {
                _ = try await s3.getObject(bucket: Self.bucket, key: "AWSLogs/nope.log.gz")
            }
            #expect(missingKey?.code == "NoSuchKey")
            #expect(missingKey?.httpStatus == 404)
            let missingBucket = await #expect(throws: AWSServiceError.self) {
                _ = try await s3.listObjectsV2(bucket: "no-such-bucket-here")
            }
            #expect(missingBucket?.code == "NoSuchBucket")
        }
    }
}
