import ALBDiagnosis

/// Writes a deterministic ALB access-log set: healthy traffic with every 502 signature and cause
/// mixed in, laid out as ALB writes it to S3, plus the exact expected counts (`SampleManifest`).
///
/// The same seed and configuration always give byte-identical lines, file names and manifest.
public struct SampleLogGenerator: Sendable {
    /// What to generate.
    public struct Configuration: Sendable, Hashable {
        /// Seed of the SplitMix64 generator.
        public var seed: UInt64
        /// Start of the traffic (seconds since the epoch, UTC; should be on a 5-minute boundary).
        public var startEpochSeconds: Int64
        /// Length of the traffic in minutes (at least 60 so that every scenario fits).
        public var minutes: Int
        /// Healthy requests per minute to the web load balancer (about; varies ±10 %).
        public var webRequestsPerMinute: Int
        /// Healthy requests per minute to the Lambda load balancer.
        public var lambdaRequestsPerMinute: Int

        /// The defaults used for `Samples/`.
        public init(
            seed: UInt64 = 502,
            startEpochSeconds: Int64 = UTCTime.epochSeconds(year: 2026, month: 11, day: 24, hour: 9),
            minutes: Int = 60,
            webRequestsPerMinute: Int = 330,
            lambdaRequestsPerMinute: Int = 60
        ) {
            self.seed = seed
            self.startEpochSeconds = startEpochSeconds
            self.minutes = max(60, minutes)
            self.webRequestsPerMinute = max(1, webRequestsPerMinute)
            self.lambdaRequestsPerMinute = max(1, lambdaRequestsPerMinute)
        }
    }

    public static let accountID = "123456789012"
    public static let region = "us-east-1"

    public var configuration: Configuration

    /// Creates a generator.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Generates all files (in path order) and the manifest.
    public func generate() -> SampleLogSet {
        var world = World(configuration: configuration)
        world.run()
        return world.finish()
    }
}

/// A generated log set.
public struct SampleLogSet: Sendable {
    /// The files, sorted by path; paths are relative (`AWSLogs/...log.gz`, contents uncompressed).
    public var files: [SampleLogFile]
    /// The exact expected counts.
    public var manifest: SampleManifest

    /// All lines of all files, in file order.
    public var allLines: [String] { files.flatMap(\.lines) }
}

/// One 5-minute log file of one load-balancer node.
public struct SampleLogFile: Sendable, Hashable {
    /// Relative S3-layout path ending in `.log.gz` (the content here is the uncompressed text).
    public var path: String
    /// The log lines, without newlines, in time order.
    public var lines: [String]

    /// The file's uncompressed content: every line followed by `\n`.
    public var text: String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }
}

// MARK: - The simulated world

private struct LoadBalancer {
    let name: String
    let id: String
    let domain: String
    let nodes: [String]
    var resource: String { "app/\(name)/\(id)" }
}

private struct TargetGroup {
    let name: String
    let id: String
    var arn: String {
        "arn:aws:elasticloadbalancing:\(SampleLogGenerator.region):\(SampleLogGenerator.accountID):targetgroup/\(name)/\(id)"
    }
}

private struct Request {
    var time: Int64  // µs
    var lb: Int
    var client: String
    var target: String?
    var requestMs: Int  // -1 = "-1"
    var targetMs: Int
    var responseMs: Int
    var elbStatus: Int
    var targetStatus: Int?
    var received: Int
    var sent: Int
    var method: String
    var url: String
    var userAgent: String
    var targetGroup: String?
    var actions: String
    var errorReason: String?
    var signature: Signature?
    var cause: CauseID?
    var path: String  // normalised path for the manifest
}

private struct World {
    let configuration: SampleLogGenerator.Configuration
    var rng: SplitMix64
    var requests: [Request] = []
    var causeTargets: [CauseID: Set<String>] = [:]
    var causePaths: [CauseID: Set<String>] = [:]
    var causeScenario: [CauseID: String] = [:]

    let web = LoadBalancer(
        name: "web-prod",
        id: "50dc6c495c0c9188",
        domain: "www.example.com",
        nodes: ["172.31.10.5", "172.31.20.7"]
    )
    let api = LoadBalancer(
        name: "api-fn",
        id: "8d2b6c1f0e3a4b57",
        domain: "api.example.com",
        nodes: ["172.31.10.9", "172.31.20.11"]
    )
    let httpGroup = TargetGroup(name: "web-http", id: "6d0ecf831eec9f09")
    let httpsGroup = TargetGroup(name: "web-https", id: "9a1f3e2b7c4d5e60")
    let lambdaGroup = TargetGroup(name: "api-fn", id: "1f2e3d4c5b6a7988")

    let httpTargets = [
        "10.0.1.10:8080", "10.0.1.11:8080", "10.0.1.12:8080",
        "10.0.2.10:8080", "10.0.2.11:8080", "10.0.2.12:8080",
        "10.0.3.10:8080", "10.0.3.11:8080",
    ]
    let httpsTargets = ["10.0.4.20:8443", "10.0.4.21:8443"]

    // Scenario parameters (minutes from the start).
    let refusedTarget = "10.0.1.12:8080"
    let refusedWindow = (12, 24)
    let unreachableTargets = ["10.0.3.10:8080", "10.0.3.11:8080"]
    let unreachableWindow = (38, 45)
    let tlsTarget = "10.0.4.21:8443"
    let deregisteredTarget = "10.0.2.12:8080"
    let deregistrationStartMinute = 50
    let deregistrationDelaySeconds = 30

    let clients: [String]
    let userAgents = [
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "curl/8.5.0",
        "okhttp/4.12.0",
        "python-requests/2.32.3",
    ]

    init(configuration: SampleLogGenerator.Configuration) {
        self.configuration = configuration
        var r = SplitMix64(seed: configuration.seed)
        var clients: [String] = []
        for i in 0..<160 {
            let prefix = ["198.51.100", "203.0.113", "192.0.2"][i % 3]
            clients.append("\(prefix).\(r.int(in: 1...254))")
        }
        self.clients = clients
        self.rng = r
    }

    var startMicros: Int64 { configuration.startEpochSeconds * 1_000_000 }
    func micros(minute: Int, second: Double = 0) -> Int64 {
        startMicros + Int64(minute) * 60_000_000 + Int64(second * 1_000_000)
    }

    /// A random time in [fromMinute, toMinute).
    mutating func time(fromMinute: Int, toMinute: Int) -> Int64 {
        let span = Int64(toMinute - fromMinute) * 60_000_000
        return micros(minute: fromMinute) + Int64(rng.int(in: 0...Int(span - 1)))
    }

    func minute(of time: Int64) -> Int { Int((time - startMicros) / 60_000_000) }

    /// Whether a target accepts ordinary traffic at `time`.
    func isActive(_ target: String, at time: Int64) -> Bool {
        let m = minute(of: time)
        if target == refusedTarget, m >= refusedWindow.0, m < refusedWindow.1 { return false }
        if unreachableTargets.contains(target), m >= unreachableWindow.0, m < unreachableWindow.1 { return false }
        if target == tlsTarget { return false }
        if target == deregisteredTarget, time >= micros(minute: deregistrationStartMinute) { return false }
        return true
    }

    mutating func activeTarget(from targets: [String], at time: Int64) -> String {
        let active = targets.filter { isActive($0, at: time) }
        return rng.pick(active.isEmpty ? targets : active)
    }

    mutating func clientEndpoint() -> String {
        "\(rng.pick(clients)):\(rng.int(in: 1024...65535))"
    }

    mutating func id() -> String { String(rng.int(in: 1000...99999)) }

    /// A healthy web path: (url path+query, normalised path, https group?).
    mutating func webPath() -> (String, String, Bool) {
        let r = rng.int(in: 0...99)
        switch r {
        case 0..<18: return ("/", "/", false)
        case 18..<30: return ("/static/app.\(rng.hex(8)).js", "/static/app.{id}.js", false)
        case 30..<48:
            let i = id()
            return ("/api/v1/users/\(i)?fields=name,email", "/api/v1/users/{id}", false)
        case 48..<64:
            let i = id()
            return ("/api/v1/orders/\(i)?page=\(rng.int(in: 1...9))", "/api/v1/orders/{id}", false)
        case 64..<72: return ("/api/v1/search?q=\(rng.hex(4))", "/api/v1/search", false)
        case 72..<78:
            let i = id()
            return ("/api/v1/payments/\(i)", "/api/v1/payments/{id}", false)
        case 78..<84: return ("/upload", "/upload", false)
        case 84..<94:
            let i = id()
            return ("/account/\(i)/settings", "/account/{id}/settings", true)
        default: return ("/checkout", "/checkout", true)
        }
    }

    // MARK: building requests

    mutating func webRequest(at time: Int64, path: (String, String, Bool)? = nil) -> Request {
        let p = path ?? webPath()
        let group = p.2 ? httpsGroup : httpGroup
        let target = activeTarget(from: p.2 ? httpsTargets : httpTargets, at: time)
        return Request(
            time: time,
            lb: 0,
            client: clientEndpoint(),
            target: target,
            requestMs: rng.int(in: 0...1),
            targetMs: rng.int(in: 3...180),
            responseMs: 0,
            elbStatus: 200,
            targetStatus: 200,
            received: rng.int(in: 180...1400),
            sent: rng.int(in: 400...24000),
            method: p.1 == "/upload" ? "POST" : "GET",
            url: "https://\(web.domain):443\(p.0)",
            userAgent: rng.pick(userAgents),
            targetGroup: group.arn,
            actions: "forward",
            errorReason: nil,
            signature: nil,
            cause: nil,
            path: p.1
        )
    }

    mutating func lambdaRequest(at time: Int64) -> Request {
        let r = rng.int(in: 0...99)
        let (url, path): (String, String)
        switch r {
        case 0..<40: (url, path) = ("/v1/quote?sku=\(rng.hex(6))", "/v1/quote")
        case 40..<70:
            let i = id()
            (url, path) = ("/v1/items/\(i)", "/v1/items/{id}")
        case 70..<92: (url, path) = ("/v1/search?q=\(rng.hex(4))", "/v1/search")
        default: (url, path) = ("/v1/reports/summary", "/v1/reports/summary")
        }
        return Request(
            time: time,
            lb: 1,
            client: clientEndpoint(),
            target: nil,
            requestMs: 0,
            targetMs: rng.int(in: 8...240),
            responseMs: 0,
            elbStatus: 200,
            targetStatus: 200,
            received: rng.int(in: 150...900),
            sent: rng.int(in: 200...6000),
            method: "GET",
            url: "https://\(api.domain):443\(url)",
            userAgent: rng.pick(userAgents),
            targetGroup: lambdaGroup.arn,
            actions: "forward",
            errorReason: nil,
            signature: nil,
            cause: nil,
            path: path
        )
    }

    mutating func record(_ request: Request) {
        if let cause = request.cause {
            if let t = request.target { causeTargets[cause, default: []].insert(t) }
            causePaths[cause, default: []].insert(request.path)
        }
        requests.append(request)
    }

    // MARK: scenarios

    mutating func run() {
        healthyTraffic()
        application502()
        refusedConnections()
        unreachableSubnet()
        tlsFailures()
        keepAliveRace()
        malformedResponses()
        deregistration()
        lambdaErrors()
        otherErrors()
    }

    mutating func healthyTraffic() {
        for minute in 0..<configuration.minutes {
            let webCount = configuration.webRequestsPerMinute * rng.int(in: 90...110) / 100
            for _ in 0..<webCount {
                var req = webRequest(at: time(fromMinute: minute, toMinute: minute + 1))
                let r = rng.int(in: 0...999)
                switch r {
                case 0..<40:
                    req.elbStatus = 304
                    req.targetStatus = 304
                    req.sent = 180
                case 40..<60:
                    req.elbStatus = 301
                    req.targetStatus = 301
                    req.sent = 240
                case 60..<110:
                    req.elbStatus = 404
                    req.targetStatus = 404
                    req.sent = 310
                case 110..<120:
                    req.elbStatus = 400
                    req.targetStatus = 400
                    req.sent = 290
                case 120..<135:
                    req.elbStatus = 500
                    req.targetStatus = 500
                    req.targetMs = rng.int(in: 20...900)
                case 135..<140:
                    req.elbStatus = 503
                    req.targetStatus = 503
                case 140..<143:
                    // Target too slow: the LB gives up at its idle timeout (60 s) → 504.
                    req.elbStatus = 504
                    req.targetStatus = nil
                    req.requestMs = -1
                    req.targetMs = -1
                    req.responseMs = -1
                    req.sent = 0
                case 143..<145:
                    // Client closed the connection before the target answered → 460.
                    req.elbStatus = 460
                    req.targetStatus = nil
                    req.requestMs = -1
                    req.targetMs = -1
                    req.responseMs = -1
                    req.sent = 0
                default: break
                }
                if req.url.hasSuffix("/upload") { req.targetMs = rng.int(in: 400...9000) }
                record(req)
            }
            let lambdaCount = configuration.lambdaRequestsPerMinute * rng.int(in: 90...110) / 100
            for _ in 0..<lambdaCount {
                var req = lambdaRequest(at: time(fromMinute: minute, toMinute: minute + 1))
                if rng.chance(0.02) {
                    req.elbStatus = 404
                    req.targetStatus = 404
                }
                record(req)
            }
        }
    }

    /// A 502 that the LB produced for a chosen target without a target status.
    mutating func lbFailure(
        _ req: inout Request,
        signature: SignatureID,
        cause: CauseID,
        times: (Int, Int, Int)
    ) {
        req.elbStatus = 502
        req.targetStatus = nil
        req.requestMs = times.0
        req.targetMs = times.1
        req.responseMs = times.2
        req.sent = 272
        req.signature = Signature(signature)
        req.cause = cause
    }

    mutating func application502() {
        causeScenario[.targetApplication502] =
            "the application on every web-http target answers 502 itself on /api/v1/payments/{id} (its upstream payment provider fails)"
        let end = configuration.minutes
        for _ in 0..<140 {
            let i = id()
            var req = webRequest(
                at: time(fromMinute: 0, toMinute: end),
                path: ("/api/v1/payments/\(i)", "/api/v1/payments/{id}", false)
            )
            req.method = "POST"
            req.elbStatus = 502
            req.targetStatus = 502
            req.targetMs = rng.int(in: 500...2500)
            req.sent = 512
            req.signature = Signature(.targetReturned502)
            req.cause = .targetApplication502
            record(req)
        }
    }

    mutating func refusedConnections() {
        causeScenario[.targetRefusedConnection] =
            "\(refusedTarget) refuses connections (TCP RST) from minute \(refusedWindow.0) to \(refusedWindow.1); all its requests then fail"
        for _ in 0..<180 {
            var req = webRequest(at: time(fromMinute: refusedWindow.0, toMinute: refusedWindow.1))
            if req.targetGroup != httpGroup.arn {
                req = webRequest(at: req.time, path: ("/", "/", false))
            }
            req.target = refusedTarget
            lbFailure(&req, signature: .notDispatched, cause: .targetRefusedConnection, times: (-1, -1, -1))
            record(req)
        }
    }

    mutating func unreachableSubnet() {
        causeScenario[.targetUnreachable] =
            "every target in subnet 10.0.3.0/24 is unreachable (NACL change) from minute \(unreachableWindow.0) to \(unreachableWindow.1)"
        for _ in 0..<150 {
            var req = webRequest(at: time(fromMinute: unreachableWindow.0, toMinute: unreachableWindow.1))
            if req.targetGroup != httpGroup.arn {
                req = webRequest(at: req.time, path: ("/", "/", false))
            }
            req.target = rng.pick(unreachableTargets)
            lbFailure(&req, signature: .notDispatched, cause: .targetUnreachable, times: (-1, -1, -1))
            record(req)
        }
    }

    mutating func tlsFailures() {
        causeScenario[.targetTLSHandshakeFailed] =
            "\(tlsTarget) in the HTTPS target group web-https accepts only TLS 1.3; every handshake from the LB fails"
        for _ in 0..<90 {
            var req = webRequest(
                at: time(fromMinute: 0, toMinute: configuration.minutes),
                path: ("/checkout", "/checkout", true)
            )
            req.target = tlsTarget
            lbFailure(&req, signature: .notDispatched, cause: .targetTLSHandshakeFailed, times: (-1, -1, -1))
            record(req)
        }
    }

    mutating func keepAliveRace() {
        causeScenario[.targetKeepaliveTimeout] =
            "every web-http target closes idle keep-alive connections after 5 s (LB idle timeout 60 s): rare 502s on all targets and paths, within milliseconds"
        var made = 0
        while made < 120 {
            let t = time(fromMinute: 0, toMinute: configuration.minutes)
            var req = webRequest(at: t)
            guard req.targetGroup == httpGroup.arn, req.path != "/api/v1/payments/{id}" else { continue }
            lbFailure(
                &req,
                signature: .noValidResponse,
                cause: .targetKeepaliveTimeout,
                times: (0, rng.int(in: 0...2), -1)
            )
            record(req)
            made += 1
        }
    }

    mutating func malformedResponses() {
        causeScenario[.targetMalformedResponse] =
            "the export endpoint /api/v2/reports/{id}/export returns a response header section over 32 KB on every target"
        for _ in 0..<110 {
            let i = id()
            var req = webRequest(
                at: time(fromMinute: 0, toMinute: configuration.minutes),
                path: ("/api/v2/reports/\(i)/export?format=csv", "/api/v2/reports/{id}/export", false)
            )
            lbFailure(
                &req,
                signature: .noValidResponse,
                cause: .targetMalformedResponse,
                times: (0, rng.int(in: 40...400), -1)
            )
            record(req)
        }
    }

    mutating func deregistration() {
        let drainStart = micros(minute: deregistrationStartMinute)
        let cutoff = drainStart + Int64(deregistrationDelaySeconds) * 1_000_000
        causeScenario[.targetDeregistered] =
            "\(deregisteredTarget) is deregistered at minute \(deregistrationStartMinute) with a \(deregistrationDelaySeconds) s deregistration delay; 60 long uploads still running are cut at the same instant, then it gets no traffic"
        for _ in 0..<60 {
            let created = drainStart - Int64(rng.int(in: 0...25_000_000))
            let end = cutoff + Int64(rng.int(in: 0...40_000))
            var req = webRequest(at: end, path: ("/upload", "/upload", false))
            req.target = deregisteredTarget
            req.method = "POST"
            req.received = rng.int(in: 200_000...9_000_000)
            let targetMs = Int((end - created) / 1000)
            lbFailure(&req, signature: .noValidResponse, cause: .targetDeregistered, times: (0, targetMs, -1))
            record(req)
        }
    }

    mutating func lambda502(
        code: String,
        cause: CauseID,
        count: Int,
        fromMinute: Int,
        toMinute: Int,
        targetMs: ClosedRange<Int>,
        path: (String, String)? = nil,
        status: Int = 502
    ) {
        for _ in 0..<count {
            var req = lambdaRequest(at: time(fromMinute: fromMinute, toMinute: toMinute))
            if let path {
                req.url = "https://\(api.domain):443\(path.0)"
                req.path = path.1
            }
            req.elbStatus = status
            req.targetStatus = nil
            req.targetMs = rng.int(in: targetMs)
            req.errorReason = code
            req.sent = 272
            if status == 502 {
                req.signature = Signature(.lambdaError, code: code)
                req.cause = cause
            }
            record(req)
        }
    }

    mutating func lambdaErrors() {
        let end = configuration.minutes
        causeScenario[.lambdaResponseTooLarge] = "the api-fn function returns more than 1 MB on /v1/reports/full"
        lambda502(
            code: "LambdaResponseTooLarge",
            cause: .lambdaResponseTooLarge,
            count: 45,
            fromMinute: 0,
            toMinute: end,
            targetMs: 900...2600,
            path: ("/v1/reports/full?year=2026", "/v1/reports/full")
        )
        causeScenario[.lambdaUnhandled] =
            "the api-fn function times out at its 30 s limit (55 requests) or raises an exception (15 requests)"
        lambda502(
            code: "LambdaUnhandled",
            cause: .lambdaUnhandled,
            count: 55,
            fromMinute: 0,
            toMinute: end,
            targetMs: 30_000...30_020
        )
        lambda502(
            code: "LambdaUnhandled",
            cause: .lambdaUnhandled,
            count: 15,
            fromMinute: 0,
            toMinute: end,
            targetMs: 20...180
        )
        causeScenario[.lambdaThrottled] = "Lambda throttles api-fn for three minutes (concurrency quota reached)"
        lambda502(
            code: "LambdaThrottling",
            cause: .lambdaThrottled,
            count: 80,
            fromMinute: 30,
            toMinute: 33,
            targetMs: 0...2
        )
        causeScenario[.lambdaError] =
            "api-fn returns invalid JSON (25 requests) and every other documented Lambda error_reason code appears a few times"
        lambda502(
            code: "LambdaInvalidResponse",
            cause: .lambdaError,
            count: 25,
            fromMinute: 0,
            toMinute: end,
            targetMs: 10...120
        )
        let others = [
            "LambdaAccessDenied", "LambdaBadRequest", "LambdaConnectionError", "LambdaEC2AccessDeniedException",
            "LambdaEC2ThrottledException", "LambdaEC2UnexpectedException", "LambdaENILimitReachedException",
            "LambdaInvalidRuntimeException", "LambdaInvalidSecurityGroupIDException", "LambdaInvalidSubnetIDException",
            "LambdaInvalidZipFileException", "LambdaKMSAccessDeniedException", "LambdaKMSDisabledException",
            "LambdaKMSInvalidStateException", "LambdaKMSNotFoundException", "LambdaResourceNotFound",
            "LambdaServiceException", "LambdaSubnetIPAddressLimitReachedException", "LambdaUnhandledException",
            "LambdaWebsocketNotSupported",
        ]
        for (i, code) in others.enumerated() {
            lambda502(
                code: code,
                cause: .lambdaError,
                count: 2 + i % 3,
                fromMinute: 0,
                toMinute: end,
                targetMs: 0...40
            )
        }
        // Documented Lambda codes whose status is not 502: counted as 413/504, not as 502 signatures.
        lambda502(
            code: "LambdaRequestTooLarge",
            cause: .lambdaError,
            count: 3,
            fromMinute: 0,
            toMinute: end,
            targetMs: 0...0,
            status: 413
        )
        lambda502(
            code: "LambdaConnectionTimeout",
            cause: .lambdaError,
            count: 3,
            fromMinute: 0,
            toMinute: end,
            targetMs: 10_000...10_010,
            status: 504
        )
    }

    mutating func otherErrors() {
        let end = configuration.minutes
        // A maintenance rule answers 502 itself (fixed-response): configuration, not a failure.
        for _ in 0..<12 {
            var req = webRequest(at: time(fromMinute: 0, toMinute: end))
            let i = id()
            req.url = "https://\(web.domain):443/legacy/\(i)/view"
            req.path = "/legacy/{id}/view"
            req.target = nil
            req.targetGroup = nil
            req.actions = "fixed-response"
            req.requestMs = -1
            req.targetMs = -1
            req.responseMs = -1
            req.elbStatus = 502
            req.targetStatus = nil
            req.sent = 180
            req.signature = Signature(.other, code: "fixed-response")
            record(req)
        }
        // The target sent a status line, but the LB still answered 502.
        var made = 0
        while made < 4 {
            var req = webRequest(at: time(fromMinute: 0, toMinute: end))
            guard req.targetGroup == httpGroup.arn else { continue }
            made += 1
            req.elbStatus = 502
            req.targetStatus = 200
            req.responseMs = -1
            req.signature = Signature(.other, code: "target-status-200")
            record(req)
        }
        // No target at all (no healthy target could be chosen) yet 502.
        for _ in 0..<3 {
            var req = webRequest(at: time(fromMinute: 0, toMinute: end))
            req.target = nil
            req.requestMs = -1
            req.targetMs = -1
            req.responseMs = -1
            req.elbStatus = 502
            req.targetStatus = nil
            req.signature = Signature(.other, code: "no-target")
            record(req)
        }
    }

    // MARK: output

    func format(ms: Int) -> String {
        if ms < 0 { return "-1" }
        return "\(ms / 1000).\(UTCTime.pad(ms % 1000, 3))"
    }

    mutating func line(for req: Request) -> String {
        let lb = req.lb == 0 ? web : api
        let elapsed = Int64(max(0, req.requestMs) + max(0, req.targetMs) + max(0, req.responseMs)) * 1000
        let created = req.time - elapsed - Int64(rng.int(in: 0...900))
        let traceSeconds = String(UInt64(max(0, created / 1_000_000)), radix: 16)
        let certARN =
            "arn:aws:acm:\(SampleLogGenerator.region):\(SampleLogGenerator.accountID):certificate/5f0c1a2e-7b3d-4c8e-9a61-2d4f8b0e3c17"
        let type = rng.chance(0.3) ? "h2" : "https"
        let protocolVersion = type == "h2" ? "HTTP/2.0" : "HTTP/1.1"
        let fields: [String] = [
            type,
            UTCTime.iso8601(micros: req.time),
            lb.resource,
            req.client,
            req.target ?? "-",
            format(ms: req.requestMs),
            format(ms: req.targetMs),
            format(ms: req.responseMs),
            String(req.elbStatus),
            req.targetStatus.map(String.init) ?? "-",
            String(req.received),
            String(req.sent),
            "\"\(req.method) \(req.url) \(protocolVersion)\"",
            "\"\(req.userAgent)\"",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "TLSv1.2",
            req.targetGroup ?? "-",
            "\"Root=1-\(traceSeconds)-\(rng.hex(24))\"",
            "\"\(lb.domain)\"",
            "\"\(certARN)\"",
            req.actions == "fixed-response" ? "3" : (req.lb == 0 ? "10" : "1"),
            UTCTime.iso8601(micros: created),
            "\"\(req.actions)\"",
            "\"-\"",
            "\"\(req.errorReason ?? "-")\"",
            "\"\(req.target ?? "-")\"",
            "\"\(req.targetStatus.map(String.init) ?? "-")\"",
            "\"-\"",
            "\"-\"",
            "TID_\(rng.hex(32))",
        ]
        return fields.joined(separator: " ")
    }

    mutating func finish() -> SampleLogSet {
        // Stable time order; ties keep generation order.
        let ordered = requests.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)

        struct FileKey: Hashable {
            let lb: Int
            let node: Int
            let end: Int64
        }
        var files: [FileKey: [String]] = [:]
        var statusCodes: [String: Int] = [:]
        var signatures: [Signature: Int] = [:]
        var causes: [CauseID: Int] = [:]
        var source = SampleManifest.Source(loadBalancer: 0, target: 0, other: 0)
        var elb502 = 0
        for req in ordered {
            let node = rng.int(in: 0...1)
            let interval = Int64(300_000_000)
            let end = ((req.time / interval) + 1) * interval
            files[FileKey(lb: req.lb, node: node, end: end), default: []].append(line(for: req))
            statusCodes[String(req.elbStatus), default: 0] += 1
            if req.elbStatus == 502 {
                elb502 += 1
                if req.targetStatus == 502 {
                    source.target += 1
                } else if req.targetStatus == nil, req.target != nil || req.errorReason != nil {
                    source.loadBalancer += 1
                } else {
                    source.other += 1
                }
                if let s = req.signature { signatures[s, default: 0] += 1 }
                if let c = req.cause { causes[c, default: 0] += 1 }
            }
        }
        var out: [SampleLogFile] = []
        for (key, lines) in files {
            let lb = key.lb == 0 ? web : api
            let c = UTCTime.civil(key.end / 1_000_000)
            let stamp =
                "\(UTCTime.pad(c.year, 4))\(UTCTime.pad(c.month, 2))\(UTCTime.pad(c.day, 2))T\(UTCTime.pad(c.hour, 2))\(UTCTime.pad(c.minute, 2))Z"
            var nameRNG = SplitMix64(
                seed: SplitMix64.mix(UInt64(key.end) ^ UInt64(key.lb * 16 + key.node), seed: configuration.seed)
            )
            let acct = SampleLogGenerator.accountID
            let region = SampleLogGenerator.region
            let dir =
                "AWSLogs/\(acct)/elasticloadbalancing/\(region)/\(UTCTime.pad(c.year, 4))/\(UTCTime.pad(c.month, 2))/\(UTCTime.pad(c.day, 2))"
            let name =
                "\(acct)_elasticloadbalancing_\(region)_app.\(lb.name).\(lb.id)_\(stamp)_\(lb.nodes[key.node])_\(nameRNG.hex(8)).log.gz"
            out.append(SampleLogFile(path: dir + "/" + name, lines: lines))
        }
        out.sort { $0.path < $1.path }

        let manifest = SampleManifest(
            generator: "alb-fixtures",
            seed: configuration.seed,
            firstRequest: UTCTime.iso8601(micros: ordered.first?.time ?? 0),
            lastRequest: UTCTime.iso8601(micros: ordered.last?.time ?? 0),
            files: out.count,
            loadBalancers: [api.resource, web.resource],
            requests: ordered.count,
            elb502: elb502,
            elbStatusCodes: statusCodes,
            source: source,
            signatures: signatures.keys.sorted().map {
                SampleManifest.SignatureCount(id: $0.id, code: $0.code, count: signatures[$0] ?? 0)
            },
            causes: causes.keys.sorted().map { id in
                SampleManifest.CauseCount(
                    id: id,
                    count: causes[id] ?? 0,
                    targets: (causeTargets[id] ?? []).sorted(),
                    paths: (causePaths[id] ?? []).sorted(),
                    scenario: causeScenario[id] ?? ""
                )
            }
        )
        return SampleLogSet(files: out, manifest: manifest)
    }
}
