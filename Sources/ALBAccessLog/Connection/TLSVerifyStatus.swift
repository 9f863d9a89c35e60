/// A connection log's `tls_verify_status`: `Success` when the load balancer established the connection,
/// `Failed:<code>` when it could not. Encodes to JSON as the text (`Success`, `Failed:ClientCertExpired`).
public enum TLSVerifyStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `Success`.
    case success
    /// `Failed:<code>`.
    case failed(TLSVerifyFailure)

    /// The failure, or `nil` for ``success``.
    public var failure: TLSVerifyFailure? {
        if case .failed(let f) = self { return f }
        return nil
    }

    /// `Success` or `Failed:<code>`.
    public var description: String {
        switch self {
        case .success: "Success"
        case .failed(let f): "Failed:" + f.code
        }
    }

    /// Parses `Success` or `Failed:<code>`; `nil` for anything else.
    public init?(_ text: String) {
        if text == "Success" {
            self = .success
        } else if text.hasPrefix("Failed:"), text.count > "Failed:".count {
            self = .failed(TLSVerifyFailure(code: String(text.dropFirst("Failed:".count))))
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let status = TLSVerifyStatus(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected Success or Failed:<code>, found \(text)"
            )
        }
        self = status
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
