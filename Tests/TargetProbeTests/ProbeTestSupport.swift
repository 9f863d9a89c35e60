import ALBWire
import TargetProbe

/// A configuration with small timeouts for loopback tests.
func testConfiguration(idleTimeout: Double = 3, quick: Bool = false) -> ProbeConfiguration {
    var configuration = ProbeConfiguration()
    configuration.connectTimeout = 1
    configuration.handshakeTimeout = 3
    configuration.responseTimeout = 2
    configuration.idleTimeout = idleTimeout
    configuration.idleMargin = 1
    configuration.quick = quick
    return configuration
}

/// Probes `url` and returns the result.
func probe(_ url: String, _ configuration: ProbeConfiguration) async throws -> ProbeResult {
    try await TargetProber(configuration: configuration).probe(ProbeTarget.parse(url))
}
