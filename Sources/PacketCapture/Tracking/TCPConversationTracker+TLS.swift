import ALBWire

/// TLS records of both sides: ClientHello/ServerHello, alerts, and whether the handshake completed within the policy.
extension TCPConversationTracker {
    // MARK: - TLS

    func feedTLS(_ connection: Connection, _ bytes: UnsafeRawBufferPointer, fromClient: Bool, time: Int64) {
        guard var state = connection.tls, !state.done else { return }
        tlsEvents.removeAll(keepingCapacity: true)
        if fromClient {
            state.clientRecords.consume(bytes, events: &tlsEvents)
        } else {
            state.serverRecords.consume(bytes, events: &tlsEvents)
        }
        for event in tlsEvents {
            switch event {
            case .handshake(let type, let body):
                if fromClient && type == 1, state.clientHello == nil {
                    let hello = body.withUnsafeBytes { TLSHandshakeParser.clientHello($0) }
                    state.clientHello = hello
                    state.clientHelloTime = time
                    if let hello { recordClientHello(hello) }
                } else if !fromClient && type == 2, state.serverHello == nil {
                    let hello = body.withUnsafeBytes { TLSHandshakeParser.serverHello($0) }
                    state.serverHello = hello
                    if let hello, !hello.isHelloRetryRequest {
                        let name = "\(hello.version) \(TLSCipherSuite.describe(code: hello.cipherSuite).openSSLName)"
                        analysis.tls.chosen[name, default: 0] += 1
                    }
                }
            case .alert(let alert):
                if state.alert == nil || alert.level == 2 {
                    if state.alert?.level != 2 {
                        state.alert = alert
                        state.alertFromTarget = !fromClient
                    }
                }
                analysis.tls.alerts["\(fromClient ? "load-balancer" : "target"): \(alert)", default: 0] += 1
            case .encryptedAlert:
                break
            case .applicationData:
                if fromClient { state.clientApplicationData = true } else { state.serverApplicationData = true }
            case .changeCipherSpec:
                break
            case .notTLS:
                state.done = true
            }
        }
        if state.clientApplicationData && state.serverApplicationData { state.done = true }
        connection.tls = state
    }

    func recordClientHello(_ hello: TLSClientHello) {
        analysis.tls.clientHellos += 1
        let policy = configuration.backendPolicy
        var outside = false
        for version in hello.offeredVersions {
            analysis.tls.offeredVersions[version.description, default: 0] += 1
            if !policy.allows(version) && version >= .tls10 { outside = true }
        }
        for code in hello.cipherSuites {
            let suite = TLSCipherSuite.describe(code: code)
            analysis.tls.offeredSuites[suite.openSSLName, default: 0] += 1
            if !suite.isSignalling && !policy.allows(cipherSuite: code) { outside = true }
        }
        if let name = hello.serverName, analysis.tls.serverNames.count < 10 || analysis.tls.serverNames[name] != nil {
            analysis.tls.serverNames[name, default: 0] += 1
        }
        if outside { analysis.tls.helloOutsidePolicy += 1 }
    }

    func evaluateTLS(_ connection: Connection, closed: Bool) {
        guard let state = connection.tls, state.clientHello != nil || state.serverHello != nil || state.alert != nil
        else { return }
        let policy = configuration.backendPolicy
        var chosenText: String?
        var chosenOutside = false
        if let server = state.serverHello, !server.isHelloRetryRequest {
            let suite = TLSCipherSuite.describe(code: server.cipherSuite)
            chosenText = "\(server.version) \(suite.openSSLName)"
            if !policy.allows(server.version) || !policy.allows(cipherSuite: server.cipherSuite) {
                chosenOutside = true
                analysis.tls.chosenOutsidePolicy += 1
            }
        }
        if state.completed && !chosenOutside {
            analysis.tls.completed += 1
            return
        }
        if state.completed {
            analysis.tls.completed += 1
        }
        let fatalAlert = state.alert.map { $0.level == 2 } ?? false
        guard fatalAlert || (closed && !state.completed) || chosenOutside else { return }
        if !state.completed { analysis.tls.failed += 1 }
        let hello = state.clientHello
        let offered = hello?.offeredVersions.map(\.description) ?? []
        let suiteCount = hello?.cipherSuites.filter { !TLSCipherSuite.describe(code: $0).isSignalling }.count ?? 0
        var reason: String
        if let alert = state.alert, fatalAlert {
            if state.alertFromTarget {
                switch alert.code {
                case 70:
                    reason =
                        "the target refused every offered version (\(offered.joined(separator: ", "))): it requires a version outside \(policy.name) (\(policy.versions.map(\.description).joined(separator: ", "))), e.g. TLS 1.3 only"
                case 40, 71:
                    reason = "no cipher suite in common: the target accepted none of the \(suiteCount) suites offered"
                    if let hello,
                        hello.cipherSuites.allSatisfy({
                            policy.allows(cipherSuite: $0) || TLSCipherSuite.describe(code: $0).isSignalling
                        })
                    {
                        reason +=
                            " (the offer matches \(policy.name)); the target's cipher configuration allows none of that policy's suites"
                    }
                default:
                    reason = "the target aborted the handshake with \(alert)"
                }
            } else {
                reason =
                    "the load balancer side aborted the handshake with \(alert)"
                    + (chosenText.map { " after the target chose \($0)" } ?? "")
            }
        } else if chosenOutside, let chosenText {
            reason =
                "the target chose \(chosenText), which \(policy.name) does not allow: a load balancer using that back-end policy would fail this handshake"
        } else if state.serverHello == nil {
            reason = "the target closed the connection after the ClientHello without a ServerHello"
        } else {
            reason = "the connection closed before the handshake completed (target chose \(chosenText ?? "?"))"
        }
        appendBounded(
            &analysis.tls.failures,
            CaptureAnalysis.TLSFailure(
                connection: connection.label,
                time: CaptureTime.iso8601(state.clientHelloTime),
                offeredVersions: offered,
                offeredSuiteCount: suiteCount,
                chosen: chosenText,
                alert: fatalAlert ? state.alert?.description : nil,
                alertFrom: fatalAlert ? (state.alertFromTarget ? "target" : "load-balancer") : nil,
                reason: reason
            )
        )
    }
}
