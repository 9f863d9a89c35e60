/// A stable identifier for the shape of one 502 log line (what the fields say, not why).
///
/// The raw values are part of the JSON contract (`signatures[].id`) and never change.
public enum SignatureID: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    /// `elb_status_code` 502 and `target_status_code` 502: the target answered 502 itself.
    case targetReturned502 = "target-returned-502"
    /// Processing times all `-1`, a target chosen, no target status: the request never reached the target.
    case notDispatched = "not-dispatched"
    /// Dispatched (some processing time is not `-1`) but no target status came back.
    case noValidResponse = "no-valid-response"
    /// `error_reason` set by a Lambda target (`Lambda*`); the code is carried separately.
    case lambdaError = "lambda-error"
    /// Any other 502 (fixed-response, another target status, no target at all, ...).
    case other = "other"

    /// Orders by declaration order (stable across runs).
    public static func < (lhs: SignatureID, rhs: SignatureID) -> Bool {
        let all = SignatureID.allCases
        return (all.firstIndex(of: lhs) ?? 0) < (all.firstIndex(of: rhs) ?? 0)
    }
}

/// A signature plus its sub-code (the Lambda `error_reason`, or a short reason for `other`).
public struct Signature: Codable, Sendable, Hashable, Comparable {
    /// The stable signature id.
    public var id: SignatureID
    /// The `error_reason` for `lambda-error`; a short reason for `other`; `nil` otherwise.
    public var code: String?

    /// Creates a signature.
    public init(_ id: SignatureID, code: String? = nil) {
        self.id = id
        self.code = code
    }

    /// `id` then `code`, for deterministic output.
    public static func < (lhs: Signature, rhs: Signature) -> Bool {
        if lhs.id != rhs.id { return lhs.id < rhs.id }
        return (lhs.code ?? "") < (rhs.code ?? "")
    }

    /// `id` or `id/code`.
    public var label: String {
        if let code { return "\(id.rawValue)/\(code)" }
        return id.rawValue
    }
}
