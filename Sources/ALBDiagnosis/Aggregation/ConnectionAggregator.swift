import ALBAccessLog

/// The streaming aggregator of connection logs: one pass, bounded memory. It counts connections and TLS
/// verify failures by code, by client certificate and by client address, and keeps the connections whose
/// `conn_trace_id` is in ``wantedTraceIDs`` (those of the access log's 502s: ``LoadBalancerLogs``).
public struct ConnectionAggregator: ConnectionLogConsumer {
    /// The `conn_trace_id`s whose connections are kept (``traced``).
    public let wantedTraceIDs: Set<String>
    /// Connection attempts read.
    public private(set) var connections = 0
    /// Attempts over TLS (`tls_protocol` not `-`).
    public private(set) var tlsConnections = 0
    /// Attempts whose `tls_verify_status` is `Failed:<code>`.
    public private(set) var verifyFailures = 0
    /// Verify failures per code.
    public private(set) var failuresByCode: [String: Int] = [:]
    /// First and last connection.
    public private(set) var span = TimeSpan()
    /// The kept connections by `conn_trace_id`.
    public private(set) var traced: [String: TracedConnection] = [:]
    var certificates: BoundedTable<ClientCertificateStats>
    var clients: BoundedTable<ClientCertificateStats>

    /// Creates an empty aggregator that keeps the connections of `wantedTraceIDs`.
    public init(wantedTraceIDs: Set<String> = []) {
        self.wantedTraceIDs = wantedTraceIDs
        certificates = BoundedTable(capacity: 1024)
        clients = BoundedTable(capacity: 1024)
    }

    /// The client certificates that failed verification, most failures first.
    public var certificateRows: [ClientCertificateStats] {
        certificates.rows.sorted { $0.failures != $1.failures ? $0.failures > $1.failures : $0.subject < $1.subject }
    }

    /// Failures per client address (`subject` holds the address), most failures first.
    public var clientRows: [ClientCertificateStats] {
        clients.rows.sorted { $0.failures != $1.failures ? $0.failures > $1.failures : $0.subject < $1.subject }
    }

    /// Verify failures of certificates beyond the table's capacity.
    public var otherCertificateFailures: Int { certificates.other.failures }

    public mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError) {
        let record = try line.record()
        let time = record.timestamp.microsecondsSinceEpoch
        connections += 1
        span.add(time)
        if record.tlsProtocol != nil { tlsConnections += 1 }
        if let id = record.connTraceID, wantedTraceIDs.contains(id), traced[id] == nil {
            traced[id] = TracedConnection(
                client: record.client.description,
                listenerPort: record.listenerPort,
                tlsProtocol: record.tlsProtocol,
                opened: time,
                line: line.lineText
            )
        }
        guard case .failed(let failure) = record.tlsVerifyStatus else { return }
        verifyFailures += 1
        let code = failure.code
        failuresByCode[code, default: 0] += 1
        let subject = record.leafClientCertSubject ?? "-"
        let serial = record.leafClientCertSerialNumber ?? "-"
        let validity = line.rawField(.leafClientCertValidity).map { String(decoding: $0, as: UTF8.self) } ?? "-"
        let ip = record.client.ip
        let text = line.lineText
        func update(_ s: inout ClientCertificateStats, subject: String) {
            if s.failures == 0 {
                s.subject = subject
                s.serial = serial
                s.validity = validity
                s.example = text
            }
            s.failures += 1
            s.codes[code, default: 0] += 1
            s.add(client: ip)
            s.span.add(time)
        }
        let certificateKey = subject + "\u{1F}" + serial
        certificates.update(
            ByteHash.hash(certificateKey),
            makeKey: { certificateKey },
            { update(&$0, subject: subject) }
        )
        clients.update(ByteHash.hash(ip), makeKey: { ip }, { update(&$0, subject: ip) })
    }

    public mutating func merge(_ other: ConnectionAggregator) {
        connections += other.connections
        tlsConnections += other.tlsConnections
        verifyFailures += other.verifyFailures
        for (k, v) in other.failuresByCode { failuresByCode[k, default: 0] += v }
        span.merge(other.span)
        for (k, v) in other.traced where traced[k] == nil { traced[k] = v }
        certificates.merge(other.certificates)
        clients.merge(other.clients)
    }
}
