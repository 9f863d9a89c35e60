import ALBDiagnosis
import ALBSamples
import ArgumentParser
import Foundation

/// `alb-fixtures`: writes the deterministic sample log set (ALB S3 layout, gzip) and its manifest.
@main
struct ALBFixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alb-fixtures",
        abstract: "Write a deterministic ALB access-log sample set with every 502 signature and cause mixed in.",
        discussion: """
            Files are written as ALB delivers them to S3 (AWSLogs/<account>/elasticloadbalancing/<region>/\
            yyyy/mm/dd/<account>_elasticloadbalancing_<region>_app.<name>.<id>_<end>_<node-ip>_<random>.log.gz), \
            one gzip file per load-balancer node and 5-minute interval, plus manifest.json with the exact \
            expected counts. The same seed always gives byte-identical output.
            """
    )

    @Option(name: .shortAndLong, help: "Directory to write into (created if missing).")
    var output: String = "Samples"

    @Option(help: "Seed of the SplitMix64 generator.")
    var seed: UInt64 = 502

    @Option(help: "Minutes of traffic (at least 60).")
    var minutes: Int = 60

    @Option(help: "Healthy requests per minute to the web load balancer.")
    var webRate: Int = 330

    @Option(help: "Healthy requests per minute to the Lambda load balancer.")
    var lambdaRate: Int = 60

    @Flag(help: "Write plain .log files instead of .log.gz (same names without .gz).")
    var plain = false

    @Flag(help: "Print the manifest JSON to standard output and write nothing.")
    var manifestOnly = false

    func run() throws {
        let generator = SampleLogGenerator(
            configuration: .init(
                seed: seed,
                minutes: minutes,
                webRequestsPerMinute: webRate,
                lambdaRequestsPerMinute: lambdaRate
            )
        )
        let set = generator.generate()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifest = try encoder.encode(set.manifest) + Data("\n".utf8)
        if manifestOnly {
            FileHandle.standardOutput.write(manifest)
            return
        }
        let fm = FileManager.default
        var bytes = 0
        for file in set.files + set.loadBalancerLogs {
            let path = plain ? String(file.path.dropLast(3)) : file.path
            let url = URL(fileURLWithPath: output).appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let data = Data(file.text.utf8)
            let out = plain ? data : try GzipWriter.compress(data)
            try out.write(to: url)
            bytes += out.count
        }
        try manifest.write(to: URL(fileURLWithPath: output).appendingPathComponent("manifest.json"))
        let m = set.manifest
        print(
            "wrote \(set.files.count) access-log files and \(set.loadBalancerLogs.count) health-check and connection log files (\(bytes) bytes), \(m.requests) requests, \(m.elb502) ELB 502s to \(output)"
        )
    }
}
