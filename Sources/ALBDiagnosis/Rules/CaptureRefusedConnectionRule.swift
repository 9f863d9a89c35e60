/// `target-refused-connection` from a capture: SYNs answered with RST.
public enum CaptureRefusedConnectionRule {
    /// The finding, if any SYN was refused.
    public static func findings(for o: CaptureObservation) -> [Finding] {
        guard o.refusedConnections > 0 else { return [] }
        let attempts = o.refusedConnections + o.establishedConnections + o.unansweredSYNs
        return [
            Finding(
                id: .targetRefusedConnection,
                confidence: 0.95,
                count: o.refusedConnections,
                evidence: [
                    Evidence(
                        source: .packetCapture,
                        summary:
                            "\(CaptureRules.share(o.refusedConnections, of: attempts)) connection attempts to the target were answered with RST (nothing listening on the port, or the listen queue overflowing)",
                        details: ["refused": String(o.refusedConnections), "attempts": String(attempts)],
                        examples: o.refusedExamples
                    )
                ],
                confirm: [
                    "On the target: `ss -ltnp` shows whether the application listens on the target port (and on 0.0.0.0, not 127.0.0.1).",
                    "CloudWatch TargetConnectionErrorCount rises with the 502s; health checks fail.",
                ],
                fix: [
                    "Start the application (or fix its port/bind address) so it listens on the target group's port on all interfaces.",
                    "If it restarts often, use a deregistration delay and health checks so the load balancer stops sending during restarts.",
                ]
            )
        ]
    }
}
