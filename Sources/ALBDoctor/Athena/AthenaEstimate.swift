import ALBAthena
import AWSClients

/// What a triage will scan, before it runs: Athena reads every object of a text table's partitions whole, so
/// the bytes of one scan are the sizes of the objects in the window's `day` folders (`ListObjectsV2`).
enum AthenaEstimate {
    /// The bytes of the objects under every input's day folders of the window.
    static func bytes(
        of queries: TriageQueries,
        inputs: [String],
        client: S3Client,
        progress: ProgressPrinter?
    ) async throws(AthenaError) -> Int64 {
        var total: Int64 = 0
        for input in inputs {
            let location: LogLocation
            do {
                location = try LogLocation(input)
            } catch {
                throw .location(error.description)
            }
            let root = location.url.dropFirst("s3://".count + location.bucket.count + 1)
            for day in queries.dayList {
                let prefix = "\(root)\(day)/"
                progress?.step("athena: estimating, listing s3://\(location.bucket)/\(prefix)…")
                do {
                    total += try await client.listAllObjects(bucket: location.bucket, prefix: prefix)
                        .reduce(0) { $0 + $1.size }
                } catch {
                    throw .estimate("cannot list s3://\(location.bucket)/\(prefix) to estimate the scan: \(error)")
                }
            }
        }
        return total
    }
}
