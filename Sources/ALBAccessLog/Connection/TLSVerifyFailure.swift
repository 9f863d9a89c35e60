/// Why the load balancer could not establish a client connection: the code after `Failed:` in a connection
/// log's `tls_verify_status`.
///
/// The meanings are AWS's ("Connection logs for your Application Load Balancer", Error reason codes). These
/// connections never reach the access log as a request: the connection log is the only place they show.
/// Codes AWS adds later are kept verbatim in ``other(_:)``. Encodes to JSON as the code's text.
public enum TLSVerifyFailure: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `ClientCertMaxChainDepthExceeded`: the client certificate chain is deeper than the maximum.
    case clientCertMaxChainDepthExceeded
    /// `ClientCertMaxSizeExceeded`: the client certificate is larger than the maximum.
    case clientCertMaxSizeExceeded
    /// `ClientCertCrlHit`: the client certificate has been revoked by the CA (it is on the trust store's CRL).
    case clientCertCrlHit
    /// `ClientCertCrlProcessingError`: the CRL could not be processed.
    case clientCertCrlProcessingError
    /// `ClientCertUntrusted`: the client certificate does not chain to the trust store's CAs.
    case clientCertUntrusted
    /// `ClientCertNotYetValid`: the client certificate's NotBefore is in the future.
    case clientCertNotYetValid
    /// `ClientCertExpired`: the client certificate's NotAfter has passed.
    case clientCertExpired
    /// `ClientCertTypeUnsupported`: the client certificate type is unsupported.
    case clientCertTypeUnsupported
    /// `ClientCertInvalid`: the client certificate is invalid.
    case clientCertInvalid
    /// `ClientCertPurposeInvalid`: the client certificate's purpose (extended key usage) is invalid.
    case clientCertPurposeInvalid
    /// `ClientCertRejected`: the client certificate was rejected by custom server validation.
    case clientCertRejected
    /// `UnmappedConnectionError`: a runtime connection error AWS does not map to a code (TLS handshake
    /// failures without mTLS, for example).
    case unmappedConnectionError
    /// `ClientCertIncompatible`: the client certificate is incompatible with the listener's security policy.
    case clientCertIncompatible
    /// A code this version does not know, verbatim.
    case other(String)

    /// The code as AWS writes it (`ClientCertExpired`, …).
    public var code: String {
        switch self {
        case .clientCertMaxChainDepthExceeded: "ClientCertMaxChainDepthExceeded"
        case .clientCertMaxSizeExceeded: "ClientCertMaxSizeExceeded"
        case .clientCertCrlHit: "ClientCertCrlHit"
        case .clientCertCrlProcessingError: "ClientCertCrlProcessingError"
        case .clientCertUntrusted: "ClientCertUntrusted"
        case .clientCertNotYetValid: "ClientCertNotYetValid"
        case .clientCertExpired: "ClientCertExpired"
        case .clientCertTypeUnsupported: "ClientCertTypeUnsupported"
        case .clientCertInvalid: "ClientCertInvalid"
        case .clientCertPurposeInvalid: "ClientCertPurposeInvalid"
        case .clientCertRejected: "ClientCertRejected"
        case .unmappedConnectionError: "UnmappedConnectionError"
        case .clientCertIncompatible: "ClientCertIncompatible"
        case .other(let code): code
        }
    }

    /// Every code AWS documents, in the order of its table.
    public static let documented: [TLSVerifyFailure] = [
        .clientCertMaxChainDepthExceeded, .clientCertMaxSizeExceeded, .clientCertCrlHit,
        .clientCertCrlProcessingError, .clientCertUntrusted, .clientCertNotYetValid, .clientCertExpired,
        .clientCertTypeUnsupported, .clientCertInvalid, .clientCertPurposeInvalid, .clientCertRejected,
        .unmappedConnectionError, .clientCertIncompatible,
    ]

    /// The failure for its code; codes not documented become ``other(_:)``.
    public init(code: String) {
        self = TLSVerifyFailure.documented.first { $0.code == code } ?? .other(code)
    }

    /// Whether the failure is about the client's certificate (mutual TLS), as opposed to the connection.
    public var isClientCertificateFailure: Bool {
        switch self {
        case .unmappedConnectionError: false
        case .other(let code): code.hasPrefix("ClientCert")
        default: true
        }
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        self.init(code: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
