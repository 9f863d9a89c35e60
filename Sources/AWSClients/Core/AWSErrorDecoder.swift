import Foundation
import NIOHTTP1

/// Turns a non-2xx response into `AWSServiceError`, or into `AWSClientError.unexpectedResponse` when the
/// body is not an AWS error of the protocol we spoke (e.g. an emulator's HTML 500 page).
///
/// Decides by the protocol sent, never by `Content-Type` (emulators label JSON as `text` and XML as `text/html`).
enum AWSErrorDecoder {
    static func decode(_ response: AWSResponse, request: AWSRequest, service: AWSServiceInfo, endpoint: AWSEndpoint)
        -> any Error
    {
        let parsed: (code: String, message: String, requestID: String?)?
        // The protocol we spoke first; the other shape as a fallback (a verifying emulator answers
        // signature errors in Query XML even to JSON requests).
        switch request.errorProtocol {
        case .json: parsed = decodeJSON(response) ?? decodeXML(response)
        case .query, .ec2, .restXML: parsed = decodeXML(response) ?? decodeJSON(response)
        }
        guard let parsed else {
            if response.body.isEmpty, let code = emptyBodyCode(response.status) {
                return AWSServiceError(
                    service: service.signingName,
                    operation: request.operation,
                    code: code,
                    message: "",
                    httpStatus: response.status,
                    requestID: response.requestIDHeader,
                    refusedIAMAction: code == "AccessDenied" ? request.iamAction : nil
                )
            }
            return AWSClientError.unexpected(
                operation: request.operation,
                endpoint: endpoint.description,
                status: response.status,
                contentType: response.headers.first(name: "content-type"),
                body: response.body
            )
        }
        var (code, requestID) = (parsed.code, parsed.requestID)
        let message = parsed.message
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        requestID = requestID ?? response.requestIDHeader
        var error = AWSServiceError(
            service: service.signingName,
            operation: request.operation,
            code: code,
            message: message,
            httpStatus: response.status,
            requestID: requestID
        )
        if error.isAccessDenied {
            error.refusedIAMAction = AWSServiceError.iamAction(inMessage: message) ?? request.iamAction
        }
        return error
    }

    /// HEAD-style errors without a body (S3).
    private static func emptyBodyCode(_ status: Int) -> String? {
        switch status {
        case 403: return "AccessDenied"
        case 404: return "NotFound"
        default: return nil
        }
    }

    private static func decodeJSON(_ response: AWSResponse) -> (String, String, String?)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            return nil
        }
        let code =
            (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
            ?? response.headers.first(name: "x-amzn-errortype")
        guard let code, !code.isEmpty else { return nil }
        let message = (object["message"] as? String) ?? (object["Message"] as? String) ?? ""
        return (code, message, nil)
    }

    private static func decodeXML(_ response: AWSResponse) -> (String, String, String?)? {
        guard let root = try? XMLNode.parse(response.body), let error = root.find("Error"),
            let code = error.string("Code"), !code.isEmpty
        else { return nil }
        let requestID = root.string("RequestId") ?? root.string("RequestID") ?? error.string("RequestId")
        return (code, error.string("Message") ?? "", requestID)
    }
}
