import ALBAccessLog

/// The failed TLS verifications of one client certificate (subject and serial number) in the connection logs.
public struct ClientCertificateStats: MergeableStats, Hashable {
    /// `leaf_client_cert_subject`, `-` when the line has none.
    public internal(set) var subject = "-"
    /// `leaf_client_cert_serial_number`, `-` when the line has none.
    public internal(set) var serial = "-"
    /// `leaf_client_cert_validity` as logged (`NotBefore=…;NotAfter=…`), `-` when the line has none.
    public internal(set) var validity = "-"
    /// Failed connections.
    public internal(set) var failures = 0
    /// Failures per code (`ClientCertExpired`, …).
    public internal(set) var codes: [String: Int] = [:]
    /// Client addresses that presented it (at most ``clientLimit``).
    public internal(set) var clients: [String] = []
    /// Addresses beyond ``clientLimit``.
    public internal(set) var moreClients = 0
    /// First and last failure.
    public internal(set) var span = TimeSpan()
    /// The first failed connection line, verbatim.
    public internal(set) var example: String?

    /// How many client addresses a certificate keeps.
    public static let clientLimit = 8

    public init() {}

    mutating func add(client: String) {
        guard !clients.contains(client) else { return }
        if clients.count < Self.clientLimit { clients.append(client) } else { moreClients += 1 }
    }

    mutating func merge(_ o: ClientCertificateStats) {
        if subject == "-" && serial == "-" {
            subject = o.subject
            serial = o.serial
            validity = o.validity
        }
        failures += o.failures
        for (k, v) in o.codes { codes[k, default: 0] += v }
        for c in o.clients { add(client: c) }
        moreClients += o.moreClients
        span.merge(o.span)
        if example == nil { example = o.example }
    }
}

/// One client connection of the connection logs whose `conn_trace_id` the access log's 502s carry.
public struct TracedConnection: Sendable, Hashable {
    /// `client_ip:client_port`.
    public var client: String
    /// `listener_port`.
    public var listenerPort: Int
    /// `tls_protocol`, `nil` on a plain-HTTP listener.
    public var tlsProtocol: String?
    /// When the connection was established (µs since the epoch).
    public var opened: Int64
    /// The line, verbatim.
    public var line: String
}

/// The 502s the access log counted on one client connection (`conn_trace_id`).
public struct ConnectionErrorStats: MergeableStats, Hashable {
    /// 502s on this connection.
    public internal(set) var elb502 = 0
    /// The targets they went to (at most 4), first seen first.
    public internal(set) var targets: [String] = []
    /// The client (`client:port`).
    public internal(set) var client = "-"
    /// First and last 502.
    public internal(set) var span = TimeSpan()
    /// The first 502 line, verbatim.
    public internal(set) var example: String?

    public init() {}

    mutating func merge(_ o: ConnectionErrorStats) {
        elb502 += o.elb502
        for t in o.targets where !targets.contains(t) && targets.count < 4 { targets.append(t) }
        if client == "-" { client = o.client }
        span.merge(o.span)
        if example == nil { example = o.example }
    }
}
