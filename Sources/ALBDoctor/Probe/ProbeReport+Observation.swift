import ALBWire

extension ProbeReport.Target {
    /// Encodes `observation` as `probe --format json` has always written it: the probe's facts flattened per check
    /// (`connect`, `tls`, `response`, `keepAlive`), read straight from the ``ProbeResult``.
    func encodeObservation(to container: inout KeyedEncodingContainer<CodingKeys>) throws {
        var o = container.nestedContainer(keyedBy: JSONKey.self, forKey: .observation)
        try o.encode(result.target.url, forKey: "target")
        try o.encodeIfPresent(result.address, forKey: "address")
        try o.encode(result.idleTimeout, forKey: "idleTimeout")
        try o.encode(observedAtMicros, forKey: "observedAtMicros")
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
            try tls.encode(check.policy.name, forKey: "policyName")
            try tls.encode(check.policy.versions.map(\.rawValue), forKey: "policyVersions")
            try tls.encode(check.policy.suites, forKey: "policySuites")
            try tls.encode(check.policy.untestableSuites, forKey: "untestableSuites")
            try tls.encode(attempt.accepted, forKey: "policyAccepted")
            try tls.encodeIfPresent(attempt.version?.rawValue, forKey: "negotiatedVersion")
            try tls.encodeIfPresent(attempt.cipherSuite, forKey: "negotiatedSuite")
            try tls.encodeIfPresent(attempt.alert, forKey: "alert")
            try tls.encodeIfPresent(attempt.error, forKey: "error")
            try tls.encode(check.versionsTried, forKey: "versionsTried")
            try tls.encode(check.versionsAccepted, forKey: "versionsAccepted")
            try tls.encode(check.suitesTried, forKey: "suitesTried")
            try tls.encode(check.acceptedSuites, forKey: "suitesAccepted")
            try tls.encodeIfPresent(check.certificate?.subject, forKey: "certificateSubject")
            try tls.encodeIfPresent(check.certificate?.notValidAfter, forKey: "certificateNotAfter")
            try tls.encodeIfPresent(check.certificate?.keyType, forKey: "certificateKeyType")
        }

        if let check = result.response {
            var response = o.nestedContainer(keyedBy: JSONKey.self, forKey: "response")
            try response.encode(check.outcome.rawValue, forKey: "outcome")
            try response.encodeIfPresent(check.statusLine, forKey: "statusLine")
            try response.encodeIfPresent(check.statusCode, forKey: "statusCode")
            try response.encode(check.headBytes, forKey: "headBytes")
            try response.encode(check.bodyBytes, forKey: "bodyBytes")
            try response.encode(check.seconds, forKey: "seconds")
            try response.encodeIfPresent(check.firstByteSeconds, forKey: "firstByteSeconds")
            try response.encode(check.violations, forKey: "violations")
            try response.encode(check.headExcerpt, forKey: "headExcerpt")
            try response.encodeIfPresent(check.server, forKey: "server")
            try response.encode(check.connectionClose, forKey: "connectionClose")
            try response.encodeIfPresent(check.advertisedKeepAliveTimeout, forKey: "advertisedKeepAliveTimeout")
            try response.encode(check.detail, forKey: "detail")
        }

        if let check = result.keepAlive {
            var keepAlive = o.nestedContainer(keyedBy: JSONKey.self, forKey: "keepAlive")
            try keepAlive.encode(check.outcome.rawValue, forKey: "outcome")
            try keepAlive.encodeIfPresent(check.closeKind?.rawValue, forKey: "closeKind")
            try keepAlive.encodeIfPresent(check.idleSeconds, forKey: "idleSeconds")
            try keepAlive.encode(check.waitedSeconds, forKey: "waitedSeconds")
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
