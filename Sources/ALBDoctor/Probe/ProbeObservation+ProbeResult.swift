import ALBDiagnosis
import ALBWire
import TargetProbe

extension ProbeObservation {
    /// The plain observation the probe rules read, from a probe result.
    public init(_ result: ProbeResult, observedAtMicros: Int64) {
        let connect = ProbeObservation.Connect(
            outcome: Connect.Outcome(rawValue: result.connect.outcome.rawValue) ?? .failed,
            seconds: result.connect.seconds,
            timeout: result.connect.timeout,
            errno: result.connect.errno,
            detail: result.connect.detail
        )
        var tls: TLS?
        if let check = result.tls {
            let attempt = check.policyHandshake
            tls = TLS(
                policyName: check.policy.name,
                policyVersions: check.policy.versions.map(\.rawValue),
                policySuites: check.policy.suites,
                untestableSuites: check.policy.untestableSuites,
                policyAccepted: attempt.accepted,
                negotiatedVersion: attempt.version?.rawValue,
                negotiatedSuite: attempt.cipherSuite,
                alert: attempt.alert,
                error: attempt.error,
                versionsTried: check.versions.map(\.offered),
                versionsAccepted: check.versions.filter(\.accepted).map(\.offered),
                suitesTried: check.suites.map(\.offered),
                suitesAccepted: check.suites.filter(\.accepted).map(\.offered),
                certificateSubject: check.certificate?.subject,
                certificateNotAfter: check.certificate?.notValidAfter,
                certificateKeyType: check.certificate?.keyType
            )
        }
        var response: Response?
        if let check = result.response {
            response = Response(
                outcome: Response.Outcome(rawValue: check.outcome.rawValue) ?? .unframeable,
                statusLine: check.statusLine,
                statusCode: check.statusCode,
                headBytes: check.headBytes,
                bodyBytes: check.bodyBytes,
                seconds: check.seconds,
                firstByteSeconds: check.firstByteSeconds,
                violations: check.violations.map {
                    Response.Violation(code: $0.code, offset: $0.offset, excerpt: $0.excerpt, message: $0.message)
                },
                headExcerpt: check.headExcerpt,
                server: check.server,
                connectionClose: check.connectionClose,
                advertisedKeepAliveTimeout: check.advertisedKeepAliveTimeout,
                detail: check.detail
            )
        }
        var keepAlive: KeepAlive?
        if let check = result.keepAlive {
            keepAlive = KeepAlive(
                outcome: KeepAlive.Outcome(rawValue: check.outcome.rawValue) ?? .skipped,
                closeKind: check.closeKind?.rawValue,
                idleSeconds: check.idleSeconds,
                waitedSeconds: check.waitedSeconds,
                detail: check.detail
            )
        }
        self.init(
            target: result.target.url,
            address: result.address,
            idleTimeout: result.idleTimeout,
            observedAtMicros: observedAtMicros,
            connect: connect,
            tls: tls,
            response: response,
            keepAlive: keepAlive,
            limitations: result.limitations
        )
    }
}
