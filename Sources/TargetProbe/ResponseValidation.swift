import ALBWire

/// Bridge to the shared response validator of `ALBWire` (the same rules as the packet-capture reader).
enum ResponseValidation {
    /// Validates the kept bytes of one response (final head plus kept body prefix).
    ///
    /// - Parameters:
    ///   - bytes: the response from its status line (interim `1xx` heads removed).
    ///   - bodyTruncated: the kept bytes hold only part of the body read (then the end is not judged).
    ///   - connectionEnded: the target closed or reset the connection right after these bytes.
    static func validate(bytes: [UInt8], bodyTruncated: Bool, connectionEnded: Bool) -> [ResponseCheck.Violation] {
        let validation = HTTPResponseHeaderValidator.validate(
            bytes,
            connectionEnded: connectionEnded && !bodyTruncated,
            requestMethod: "GET"
        )
        return validation.violations.map {
            ResponseCheck.Violation(code: $0.code.rawValue, offset: $0.offset, excerpt: $0.excerpt, message: $0.message)
        }
    }
}
