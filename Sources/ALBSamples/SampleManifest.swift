import ALBDiagnosis

/// The exact ground truth of a generated sample log set, written beside it as `manifest.json`.
///
/// Everything here is counted while generating, never by re-reading the logs, so tests can compare
/// the analyzer's output against it.
public struct SampleManifest: Codable, Sendable, Equatable {
    /// One signature and its exact count.
    public struct SignatureCount: Codable, Sendable, Equatable {
        public var id: SignatureID
        public var code: String?
        public var count: Int

        /// Creates an entry.
        public init(id: SignatureID, code: String?, count: Int) {
            self.id = id
            self.code = code
            self.count = count
        }
    }

    /// One injected cause: how many 502s it produced and where.
    public struct CauseCount: Codable, Sendable, Equatable {
        public var id: CauseID
        public var count: Int
        /// Targets (ip:port) involved, sorted.
        public var targets: [String]
        /// Normalised request paths involved, sorted.
        public var paths: [String]
        /// What was injected, in words.
        public var scenario: String
    }

    /// 502 attribution counts.
    public struct Source: Codable, Sendable, Equatable {
        public var loadBalancer: Int
        public var target: Int
        public var other: Int

        enum CodingKeys: String, CodingKey {
            case loadBalancer = "load_balancer"
            case target, other
        }
    }

    public var generator: String
    public var seed: UInt64
    /// First and last request time (ISO 8601).
    public var firstRequest: String
    public var lastRequest: String
    public var files: Int
    public var loadBalancers: [String]
    public var requests: Int
    public var elb502: Int
    /// Every `elb_status_code` and its count (keys are the codes as strings).
    public var elbStatusCodes: [String: Int]
    public var source: Source
    public var signatures: [SignatureCount]
    public var causes: [CauseCount]

    enum CodingKeys: String, CodingKey {
        case generator, seed
        case firstRequest = "first_request"
        case lastRequest = "last_request"
        case files
        case loadBalancers = "load_balancers"
        case requests
        case elb502 = "elb_502"
        case elbStatusCodes = "elb_status_codes"
        case source, signatures, causes
    }

    /// The count for one signature (0 when absent).
    public func count(of signature: Signature) -> Int {
        signatures.first { $0.id == signature.id && $0.code == signature.code }?.count ?? 0
    }
}
