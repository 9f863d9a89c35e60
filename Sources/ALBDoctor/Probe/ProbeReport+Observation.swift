import ALBDiagnosis
import ALBWire

extension ProbeReport.Target {
    /// Encodes `observation` in the reports' one JSON contract (schema_version 2: snake_case keys, times as
    /// ISO 8601 strings): the probe's facts flattened per check (`connect`, `tls`, `response`, `keep_alive`),
    /// read straight from the ``ProbeResult``.
    func encodeObservation(to container: inout KeyedEncodingContainer<CodingKeys>) throws {
        var o = container.nestedContainer(keyedBy: JSONKey.self, forKey: .observation)
        try o.encode(result.target.url, forKey: "target")
        try o.encodeIfPresent(result.address, forKey: "address")
        try o.encode(result.idleTimeout, forKey: "idle_timeout")
        try o.encode(UTCTime.iso8601(micros: observedAtMicros), forKey: "observed_at")
        try o.encode(result.limitations, forKey: "limitations")

        var connect = o.nestedContainer(keyedBy: JSONKey.self, forKey: "connect")
        try connect.encode(result.connect.outcome.rawValue, forKey: "outcome")
        try connect.encode(result.connect.seconds, forKey: "seconds")
        try connect.encode(result.connect.timeout, forKey: "timeout")
        try connect.encodeIfPresent(result.connect.errno, forKey: "errno")
        try connect.encode(result.connect.detail, forKey: "detail")

        if let check = result.tls {
            var tls = o.nestedContainer(keyedBy: JSONKey.self, forKey: "tls")
            let attempt = check.policyHandshake
            try tls.encode(check.policy.name, forKey: "policy_name")
            try tls.encode(check.policy.versions.map(\.rawValue), forKey: "policy_versions")
            try tls.encode(check.policy.suites, forKey: "policy_suites")
            try tls.encode(check.policy.untestableSuites, forKey: "untestable_suites")
            try tls.encode(attempt.accepted, forKey: "policy_accepted")
            try tls.encodeIfPresent(attempt.version?.rawValue, forKey: "negotiated_version")
            try tls.encodeIfPresent(attempt.cipherSuite, forKey: "negotiated_suite")
            try tls.encodeIfPresent(attempt.alert, forKey: "alert")
            try tls.encodeIfPresent(attempt.error, forKey: "error")
            try tls.encode(check.versionsTried, forKey: "versions_tried")
            try tls.encode(check.versionsAccepted, forKey: "versions_accepted")
            try tls.encode(check.suitesTried, forKey: "suites_tried")
            try tls.encode(check.acceptedSuites, forKey: "suites_accepted")
            try tls.encodeIfPresent(check.certificate?.subject, forKey: "certificate_subject")
            try tls.encodeIfPresent(
                check.certificate.map { UTCTime.iso8601Second(micros: $0.notValidAfter * 1_000_000) },
                forKey: "certificate_not_after"
            )
            try tls.encodeIfPresent(check.certificate?.keyType, forKey: "certificate_key_type")
        }

        if let check = result.response {
            var response = o.nestedContainer(keyedBy: JSONKey.self, forKey: "response")
            try response.encode(check.outcome.rawValue, forKey: "outcome")
            try response.encodeIfPresent(check.statusLine, forKey: "status_line")
            try response.encodeIfPresent(check.statusCode, forKey: "status_code")
            try response.encode(check.headBytes, forKey: "head_bytes")
            try response.encode(check.bodyBytes, forKey: "body_bytes")
            try response.encode(check.seconds, forKey: "seconds")
            try response.encodeIfPresent(check.firstByteSeconds, forKey: "first_byte_seconds")
            try response.encode(check.violations, forKey: "violations")
            try response.encode(check.headExcerpt, forKey: "head_excerpt")
            try response.encodeIfPresent(check.server, forKey: "server")
            try response.encode(check.connectionClose, forKey: "connection_close")
            try response.encodeIfPresent(check.advertisedKeepAliveTimeout, forKey: "advertised_keep_alive_timeout")
            try response.encode(check.detail, forKey: "detail")
        }

        if let check = result.keepAlive {
            var keepAlive = o.nestedContainer(keyedBy: JSONKey.self, forKey: "keep_alive")
            try keepAlive.encode(check.outcome.rawValue, forKey: "outcome")
            try keepAlive.encodeIfPresent(check.closeKind?.rawValue, forKey: "close_kind")
            try keepAlive.encodeIfPresent(check.idleSeconds, forKey: "idle_seconds")
            try keepAlive.encode(check.waitedSeconds, forKey: "waited_seconds")
            try keepAlive.encode(check.detail, forKey: "detail")
        }
    }

    /// A JSON key spelled out.
    struct JSONKey: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        init(stringLiteral value: String) { stringValue = value }
    }
}
