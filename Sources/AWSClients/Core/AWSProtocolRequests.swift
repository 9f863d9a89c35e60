import AWSSigV4
import Foundation

/// Builders for the wire protocols ALB Doctor speaks.
public enum AWSProtocolRequests {
    /// An AWS Query (or EC2 Query) form POST: `Action=…&Version=…&<parameters>`.
    public static func query(
        service: AWSServiceInfo,
        action: String,
        parameters: [(name: String, value: String)],
        ec2: Bool = false,
        signed: Bool = true
    ) -> AWSRequest {
        let pairs = [("Action", action), ("Version", service.apiVersion)] + parameters
        let body = pairs.map { "\(SigV4Encoding.encode($0.0))=\(SigV4Encoding.encode($0.1))" }.joined(separator: "&")
        return AWSRequest(
            operation: action,
            iamAction: "\(service.iamPrefix):\(action)",
            method: "POST",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8),
            signed: signed,
            errorProtocol: ec2 ? .ec2 : .query
        )
    }

    /// A JSON 1.0/1.1 RPC POST with `X-Amz-Target: <prefix>.<action>`.
    public static func json(
        service: AWSServiceInfo,
        action: String,
        version: String,
        body: some Encodable,
        iamAction: String? = nil,
        extraHeaders: [(name: String, value: String)] = []
    ) throws -> AWSRequest {
        let data = try jsonEncoder().encode(body)
        return AWSRequest(
            operation: action,
            iamAction: iamAction ?? "\(service.iamPrefix):\(action)",
            method: "POST",
            headers: [
                ("Content-Type", "application/x-amz-json-\(version)"),
                ("X-Amz-Target", "\(service.apiVersion).\(action)"),
            ] + extraHeaders,
            body: Array(data),
            errorProtocol: .json
        )
    }

    /// The encoder for AWS JSON bodies: Swift `lowerCamelCase` properties become the services'
    /// `UpperCamelCase` keys (`metricDataQueries` → `MetricDataQueries`); dates are epoch seconds.
    public static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .custom { path in
            WireKey(uppercasingFirst: path.last?.stringValue ?? "")
        }
        return encoder
    }

    /// The decoder for AWS JSON bodies: `UpperCamelCase` keys map to `lowerCamelCase` properties;
    /// dates are epoch seconds (fractions allowed).
    public static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        decoder.keyDecodingStrategy = .custom { path in
            WireKey(lowercasingFirst: path.last?.stringValue ?? "")
        }
        return decoder
    }

    private struct WireKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(uppercasingFirst key: String) { stringValue = key.prefix(1).uppercased() + key.dropFirst() }
        init(lowercasingFirst key: String) { stringValue = key.prefix(1).lowercased() + key.dropFirst() }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a JSON response body into `T` (epoch-second dates), with an error naming the operation.
    public static func decodeJSON<T: Decodable>(_ type: T.Type, from response: AWSResponse, operation: String) throws
        -> T
    {
        do {
            return try jsonDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw AWSClientError(
                .malformedResponse,
                "\(operation): response is not the expected JSON (\(describe(error))); body starts \""
                    + AWSClientError.excerpt(response.body) + "\""
            )
        }
    }

    /// Parses an XML response body, naming the operation in errors.
    public static func decodeXML(_ response: AWSResponse, operation: String) throws -> XMLNode {
        do {
            return try XMLNode.parse(response.body)
        } catch {
            throw AWSClientError(
                .malformedResponse,
                "\(operation): response is not XML (\(error)); body starts \"" + AWSClientError.excerpt(response.body)
                    + "\""
            )
        }
    }

    /// A required child of an XML response.
    public static func require(_ node: XMLNode?, _ what: String, operation: String) throws -> XMLNode {
        guard let node else {
            throw AWSClientError(.malformedResponse, "\(operation): response lacks <\(what)>")
        }
        return node
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(let type, let context):
            return "field \(path(context.codingPath)) is not a \(type)"
        case DecodingError.valueNotFound(let type, let context):
            return "field \(path(context.codingPath)) is null, expected \(type)"
        case DecodingError.dataCorrupted(let context):
            return "invalid JSON at \(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "<root>" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
