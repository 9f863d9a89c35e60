import ALBAccessLog

/// `client-certificate-rejected`: the listener's mutual TLS verification rejected client certificates
/// (`tls_verify_status` `Failed:<code>` in the connection logs: expired, untrusted, revoked, …).
///
/// These connections fail before any request, so they never reach the access log and have no HTTP status: the
/// finding's count is 0, and its evidence counts the failed connections by code, certificate and client.
public struct ClientCertificateRejectedCause: Cause {
    /// Creates the cause.
    public init() {}

    public var id: CauseID { .clientCertificateRejected }
    public var statusCodes: Set<Int> { [] }
    public var title: String { "Client certificates rejected by mutual TLS (connection logs)" }

    public func fromLogs(_ context: DiagnosisContext) -> Finding? {
        guard let connections = context.loadBalancerLogs?.connections else { return nil }
        let codes = connections.failuresByCode.filter {
            TLSVerifyFailure(code: $0.key).isClientCertificateFailure
        }
        let failed = codes.values.reduce(0, +)
        guard failed > 0 else { return nil }
        let byCode = codes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var evidence = [
            Evidence(
                source: .connectionLog,
                summary:
                    "\(failed) of \(connections.connections) client connections failed mutual TLS verification (\(byCode.map { "\($0.value) × \($0.key)" }.joined(separator: ", "))): they ended in the handshake and never reached the access log.",
                details: ["failed_connections": String(failed), "connections": String(connections.connections)]
                    .merging(byCode.map { ("code:" + $0.key, String($0.value)) }) { a, _ in a }
            )
        ]
        for cert in connections.certificateRows.prefix(5) {
            let certCodes = cert.codes.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }
            let clients =
                cert.clients.joined(separator: ", ") + (cert.moreClients > 0 ? " and \(cert.moreClients) more" : "")
            evidence.append(
                Evidence(
                    source: .connectionLog,
                    summary:
                        "Certificate \"\(cert.subject)\" (serial \(cert.serial), \(cert.validity)): \(cert.failures) failed connection\(cert.failures == 1 ? "" : "s") (\(certCodes.joined(separator: ", "))) from \(clients), between \(Phrase.time(cert.span.first)) and \(Phrase.time(cert.span.last)).",
                    details: [
                        "subject": cert.subject, "serial": cert.serial, "validity": cert.validity,
                        "failures": String(cert.failures), "codes": cert.codes.keys.sorted().joined(separator: ","),
                        "clients": cert.clients.joined(separator: ","),
                    ],
                    examples: cert.example.map { [$0] } ?? []
                )
            )
        }
        let top = byCode.first?.key ?? ""
        return Finding(
            id: id,
            title: "Client certificates rejected by mutual TLS: \(byCode.prefix(2).map(\.key).joined(separator: ", "))",
            confidence: 0.9,
            count: 0,
            evidence: evidence,
            confirm: [
                "`openssl x509 -noout -subject -serial -dates -issuer` on the client's certificate: the dates and issuer against the trust store (`aws elbv2 describe-trust-stores`, `get-trust-store-ca-certificates-bundle`).",
                "The listener's mutual authentication mode (`aws elbv2 describe-listeners`: MutualAuthentication.Mode verify, TrustStoreArn, IgnoreClientCertificateExpiry).",
            ],
            fix: Self.fixes(for: top),
            alternatives: []
        )
    }

    /// What to change for the most frequent code.
    static func fixes(for code: String) -> [String] {
        switch code {
        case "ClientCertExpired", "ClientCertNotYetValid":
            return [
                "Renew the client certificates shown (NotAfter in the past) and roll them out to the clients; check the clients' clocks for NotYetValid.",
                "Only as a stopgap: set the listener's IgnoreClientCertificateExpiry.",
            ]
        case "ClientCertCrlHit":
            return [
                "The certificates were revoked by the CA: issue the clients new ones, or remove the serials from the trust store's revocation list if revoked in error."
            ]
        case "ClientCertUntrusted":
            return [
                "Add the clients' issuing CA (and intermediates) to the trust store, or issue the clients certificates from a CA the trust store holds.",
                "Check that the listener uses the trust store you expect (a new trust store, or one rolled out before its CA bundle was complete).",
            ]
        default:
            return [
                "Issue the clients certificates that meet the listener's requirements (chain depth, size, key usage for client authentication, algorithms of the TLS policy), or adjust the trust store."
            ]
        }
    }
}
