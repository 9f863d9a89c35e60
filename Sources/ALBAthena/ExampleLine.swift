import ALBAccessLog
import ALBDiagnosis

/// An access-log line read back from the table's columns (the `e_…` columns of the triage result): the line
/// rebuilt as the load balancer wrote it, and the fields the local classifiers read, so an example is chosen,
/// ranked and classified exactly as a local scan does it.
struct ExampleLine {
    let row: QueryResult.Row
    let prefix: String

    /// The value of a table column (`nil` for NULL).
    subscript(_ column: String) -> String? { row[prefix + column] }

    /// `elb_status_code`.
    var status: Int? { self["elb_status_code"].flatMap { Int($0) } }

    /// `ip:port`, `nil` for `-`.
    var target: String? {
        guard let ip = self["target_ip"], !ip.isEmpty else { return nil }
        return "\(ip):\(self["target_port"] ?? "")"
    }

    /// The `request` field as logged (`GET https://… HTTP/1.1`).
    var request: String {
        "\(self["request_verb"] ?? "-") \(self["request_url"] ?? "-") \(self["request_proto"] ?? "-")"
    }

    /// The normalised path, as a local scan keys it.
    var path: String { PathNormalizer.path(ofRequest: request) }

    private func value(_ column: String) -> String? {
        guard let text = self[column], text != "-" else { return nil }
        return text
    }

    private func seconds(_ column: String) -> Double? { self[column].flatMap { Double($0) } }

    /// What `SignatureClassifier` reads of a 502 line.
    var signatureFields: SignatureClassifier.Fields {
        SignatureClassifier.Fields(
            targetStatusCode: value("target_status_code").flatMap { Int($0) },
            hasTarget: target != nil,
            requestProcessingTime: seconds("request_processing_time"),
            targetProcessingTime: seconds("target_processing_time"),
            responseProcessingTime: seconds("response_processing_time"),
            errorReason: value("lambda_error_reason"),
            actionsExecuted: value("actions_executed")
        )
    }

    /// What `StatusClassifier` reads of an error line other than 502.
    func statusFields(_ status: Int) -> StatusClassifier.Fields {
        var elapsed: Double?
        if let time = self["time"].flatMap({ LogTimestamp($0) }),
            let created = value("request_creation_time").flatMap({ LogTimestamp($0) })
        {
            elapsed = Double(time.microsecondsSinceEpoch - created.microsecondsSinceEpoch) / 1_000_000
        }
        return StatusClassifier.Fields(
            status: status,
            targetStatusCode: value("target_status_code").flatMap { Int($0) },
            hasTarget: target != nil,
            requestProcessingTime: seconds("request_processing_time"),
            targetProcessingTime: seconds("target_processing_time"),
            responseProcessingTime: seconds("response_processing_time"),
            elapsed: elapsed,
            errorReason: value("lambda_error_reason"),
            actionsExecuted: value("actions_executed"),
            matchedRulePriority: self["matched_rule_priority"] == "-1" ? -1 : nil
        )
    }

    /// The log line rebuilt from its columns (numbers in the log's own formatting; fields after the last one
    /// present are left out, as on an older, shorter line).
    var text: String {
        func v(_ c: String) -> String { self[c] ?? "-" }
        func q(_ c: String) -> String { "\"\(v(c))\"" }
        func seconds(_ c: String) -> String {
            guard let text = self[c], let d = Double(text) else { return "-" }
            if d == -1 { return "-1" }
            let ms = Int((d * 1000).rounded())
            let frac = String(ms % 1000)
            return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
        }
        let target = self.target ?? "-"
        var fields = [
            v("type"), v("time"), v("elb"), "\(v("client_ip")):\(v("client_port"))", target,
            seconds("request_processing_time"), seconds("target_processing_time"), seconds("response_processing_time"),
            v("elb_status_code"), v("target_status_code"), v("received_bytes"), v("sent_bytes"), "\"\(request)\"",
            q("user_agent"), v("ssl_cipher"), v("ssl_protocol"), v("target_group_arn"), q("trace_id"),
        ]
        let tail: [(String, Bool)] = [
            ("domain_name", true), ("chosen_cert_arn", true), ("matched_rule_priority", false),
            ("request_creation_time", false), ("actions_executed", true), ("redirect_url", true),
            ("lambda_error_reason", true), ("target_port_list", true), ("target_status_code_list", true),
            ("classification", true), ("classification_reason", true), ("conn_trace_id", false),
            ("transformed_host", true), ("transformed_uri", true), ("request_transform_status", true),
        ]
        for (column, quoted) in tail {
            guard self[column] != nil else { break }
            fields.append(quoted ? q(column) : v(column))
        }
        return fields.joined(separator: " ")
    }
}
