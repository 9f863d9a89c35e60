import Crypto
import Foundation

/// Signs HTTP requests with AWS Signature Version 4. Pure: no clock, no network; the date is passed in.
///
/// ```swift
/// let signer = SigV4Signer(credentials: creds, region: "us-east-1", service: "monitoring")
/// let signed = signer.sign(request, date: now)
/// // add signed.headersToAdd to the outgoing request
/// ```
public struct SigV4Signer: Sendable {
    /// The credentials used to sign.
    public var credentials: AWSCredentials
    /// The region of the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The signing name of the service (`monitoring`, `s3`, `elasticloadbalancing`, `servicequotas`, …).
    public var service: String
    /// How the canonical request is formed.
    public var options: Options

    /// Knobs that differ between services or test-suite cases.
    public struct Options: Sendable, Hashable {
        /// Normalise and re-encode the path (true for every service except S3).
        public var encodePath: Bool
        /// Add and sign `x-amz-content-sha256` (S3 always does).
        public var addContentSHA256Header: Bool
        /// Add `x-amz-security-token` after signing instead of signing it (some older services).
        public var omitSessionTokenFromSignature: Bool

        /// Creates options; the defaults suit every service except S3.
        public init(
            encodePath: Bool = true,
            addContentSHA256Header: Bool = false,
            omitSessionTokenFromSignature: Bool = false
        ) {
            self.encodePath = encodePath
            self.addContentSHA256Header = addContentSHA256Header
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
        }

        /// Options for S3: wire path signed as is, `x-amz-content-sha256` added.
        public static let s3 = Options(encodePath: false, addContentSHA256Header: true)
    }

    /// Creates a signer.
    public init(credentials: AWSCredentials, region: String, service: String, options: Options = Options()) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    /// Headers that are never signed (they may change in transit or are added by the transport).
    public static let unsignedHeaderNames: Set<String> = [
        "authorization", "user-agent", "x-amzn-trace-id", "expect", "connection", "transfer-encoding",
        "keep-alive", "proxy-authorization", "te", "upgrade",
    ]

    /// The result of signing: the headers to add and the intermediate artefacts (for tests and debugging).
    public struct SignedRequest: Sendable, CustomStringConvertible {
        /// Headers to add to the request, in this order (`X-Amz-Date`, optionally `X-Amz-Security-Token`
        /// and `x-amz-content-sha256`, then `Authorization`).
        public var headersToAdd: [(name: String, value: String)]
        /// The canonical request.
        public var canonicalRequest: CanonicalRequest
        /// The string to sign.
        public var stringToSign: String
        /// The hex signature.
        public var signature: String

        /// Does not show header values (the `Authorization` header and the session token are secrets).
        public var description: String {
            "SignedRequest(headers: \(headersToAdd.map(\.name)), signedHeaders: \(canonicalRequest.signedHeaders))"
        }
    }

    /// The `<date>/<region>/<service>/aws4_request` scope.
    public func credentialScope(date: Date) -> String {
        "\(AWSDateFormat.scopeDate(date))/\(region)/\(service)/aws4_request"
    }

    /// Signs a request with the `Authorization` header.
    ///
    /// - Parameters:
    ///   - method: HTTP method.
    ///   - wirePath: the path exactly as it goes on the request line (percent-encoded).
    ///   - query: decoded query `(name, value)` pairs.
    ///   - headers: the request's headers (must include `Host`); unsigned ones are skipped.
    ///   - payload: the body, its hash, or `.unsigned`.
    ///   - date: the signing time.
    public func sign(
        method: String,
        wirePath: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        payload: SigV4Payload,
        date: Date
    ) -> SignedRequest {
        let amzDate = AWSDateFormat.amzDate(date)
        let payloadHash = payload.payloadHash
        var added: [(name: String, value: String)] = [("X-Amz-Date", amzDate)]
        var toSign = headers.filter {
            let lower = $0.name.lowercased()
            return !Self.unsignedHeaderNames.contains(lower) && lower != "x-amz-date"
                && !(options.addContentSHA256Header && lower == "x-amz-content-sha256")
                && lower != "x-amz-security-token"
        }
        toSign.append(("x-amz-date", amzDate))
        if let token = credentials.sessionToken {
            added.append(("X-Amz-Security-Token", token))
            if !options.omitSessionTokenFromSignature { toSign.append(("x-amz-security-token", token)) }
        }
        if options.addContentSHA256Header {
            added.append(("x-amz-content-sha256", payloadHash))
            toSign.append(("x-amz-content-sha256", payloadHash))
        }
        let (lines, signedHeaders) = CanonicalRequest.canonicalHeaders(toSign)
        let canonical = CanonicalRequest(
            method: method.uppercased(),
            uri: CanonicalRequest.canonicalURI(wirePath: wirePath, encodePath: options.encodePath),
            query: CanonicalRequest.canonicalQuery(query),
            headers: lines,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash
        )
        let scope = credentialScope(date: date)
        let stringToSign = Self.stringToSign(canonical: canonical, amzDate: amzDate, scope: scope)
        let signature = self.signature(of: stringToSign, date: date)
        added.append(
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
                    + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
            )
        )
        return SignedRequest(
            headersToAdd: added,
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            signature: signature
        )
    }

    /// The result of presigning: the complete query to put on the URL.
    public struct PresignedRequest: Sendable, CustomStringConvertible {
        /// The decoded query pairs to send (original ones plus the `X-Amz-*` ones, signature last).
        public var query: [(name: String, value: String)]
        /// The canonical request.
        public var canonicalRequest: CanonicalRequest
        /// The string to sign.
        public var stringToSign: String
        /// The hex signature.
        public var signature: String

        /// Does not show the query (it may hold a session token).
        public var description: String { "PresignedRequest(signedHeaders: \(canonicalRequest.signedHeaders))" }
    }

    /// Presigns a request: the signature goes into the query string (`X-Amz-Signature`), valid `expires` seconds.
    public func presign(
        method: String,
        wirePath: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        payload: SigV4Payload = .unsigned,
        expires: Int,
        date: Date
    ) -> PresignedRequest {
        let amzDate = AWSDateFormat.amzDate(date)
        let scope = credentialScope(date: date)
        let toSign = headers.filter { !Self.unsignedHeaderNames.contains($0.name.lowercased()) }
        let (lines, signedHeaders) = CanonicalRequest.canonicalHeaders(toSign)
        var items = query
        items.append(("X-Amz-Algorithm", "AWS4-HMAC-SHA256"))
        items.append(("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"))
        items.append(("X-Amz-Date", amzDate))
        items.append(("X-Amz-Expires", String(expires)))
        items.append(("X-Amz-SignedHeaders", signedHeaders))
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            items.append(("X-Amz-Security-Token", token))
        }
        let canonical = CanonicalRequest(
            method: method.uppercased(),
            uri: CanonicalRequest.canonicalURI(wirePath: wirePath, encodePath: options.encodePath),
            query: CanonicalRequest.canonicalQuery(items),
            headers: lines,
            signedHeaders: signedHeaders,
            payloadHash: payload.payloadHash
        )
        let stringToSign = Self.stringToSign(canonical: canonical, amzDate: amzDate, scope: scope)
        let signature = self.signature(of: stringToSign, date: date)
        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature {
            items.append(("X-Amz-Security-Token", token))
        }
        items.append(("X-Amz-Signature", signature))
        return PresignedRequest(
            query: items,
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            signature: signature
        )
    }

    /// `AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256 of canonical request>`.
    public static func stringToSign(canonical: CanonicalRequest, amzDate: String, scope: String) -> String {
        let hash = SigV4Hex.encode(SHA256.hash(data: Array(canonical.text.utf8)))
        return "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(hash)"
    }

    /// The derived signing key: HMAC chain over date, region, service and `aws4_request`.
    public func signingKey(date: Date) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
        }
        let secret = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        let dateKey = hmac(secret, AWSDateFormat.scopeDate(date))
        return hmac(hmac(hmac(dateKey, region), service), "aws4_request")
    }

    /// The hex HMAC-SHA256 of `stringToSign` under the signing key for `date`.
    public func signature(of stringToSign: String, date: Date) -> String {
        SigV4Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(date: date)))
    }
}
