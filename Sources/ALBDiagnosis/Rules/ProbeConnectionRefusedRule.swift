/// `target-refused-connection` from a probe: the target answered the SYN with a RST (nothing listens).
public struct ProbeConnectionRefusedRule: ProbeRule {
    public init() {}
    public var cause: CauseID { .targetRefusedConnection }

    public func evaluate(_ observation: ProbeObservation) -> Finding? {
        guard observation.connect.outcome == .refused else { return nil }
        let address = observation.address ?? observation.target
        return Finding(
            id: cause,
            title: "Target \(address) refused the connection (TCP RST on connect)",
            confidence: 0.95,
            count: 0,
            evidence: [
                Evidence(
                    source: .probe,
                    summary:
                        "A TCP connect to \(address) was refused (ECONNREFUSED) after \(Phrase.seconds(observation.connect.seconds)) s: the host answered the SYN with a RST, so nothing listens on that port.",
                    details: [
                        "target": observation.target, "address": address, "outcome": "refused",
                        "seconds": Phrase.seconds(observation.connect.seconds),
                    ]
                )
            ],
            confirm: [
                "On the target: `ss -ltnp 'sport = :\(Self.port(of: address))'` lists no listener (or one bound to 127.0.0.1 only).",
                "CloudWatch TargetConnectionErrorCount rises with the 502s, and the access log shows `-1 -1 -1` processing times for them.",
            ],
            fix: [
                "Start the service, or make it listen on the target group's port on all interfaces (0.0.0.0 / ::), not only on 127.0.0.1.",
                "Check that the target group port (or the registered port) matches the port the application listens on.",
                "If the service restarts or crashes, find why in its logs; the health check should take it out of service meanwhile.",
            ],
            alternatives: []
        )
    }

    static func port(of address: String) -> String {
        guard let colon = address.lastIndex(of: ":") else { return "<port>" }
        return String(address[address.index(after: colon)...])
    }
}
