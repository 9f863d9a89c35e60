import ALBAccessLog

extension RecordsSchema {
    /// The keys of `alb-doctor records` output for a log type, in order: for health-check and connection logs
    /// the AWS field names, then `unknown_fields`.
    public static func keys(for type: ALBLogType) -> [String] {
        switch type {
        case .access: keys
        case .healthCheck, .connection: type.fieldNames + ["unknown_fields"]
        }
    }
}

/// Health-check and connection log records: one JSON object (or TSV row) per record, keyed by the AWS field
/// names; times and numbers as logged, `-` as null.
extension RecordsPrinter: HealthCheckLogConsumer, ConnectionLogConsumer {
    /// Only records whose `status_code` is one of ``statusCodes`` (when given).
    mutating func consume(_ line: HealthCheckLogLine) throws(AccessLogParseError) {
        if !statusCodes.isEmpty {
            guard let code = try line.statusCode, statusCodes.contains(code) else { return }
        }
        let r = try line.record()
        let values: [Value] = [
            .string(r.type.name),
            RecordsPrinter.text(line.rawField(.time)),
            r.latency == nil ? .null : RecordsPrinter.number(line.rawField(.latency)),
            r.target.map { .string($0.description) } ?? .null,
            r.targetGroupName.map(Value.string) ?? .null,
            .string(r.status.rawValue),
            r.statusCode.map { .number(String($0)) } ?? .null,
            r.reasonCode.map { .string($0.code) } ?? .null,
            r.elb.map(Value.string) ?? .null,
            r.ipAddress.map(Value.string) ?? .null,
            .list(r.unknownFields.map(Value.string)),
        ]
        write(values, type: .healthCheck)
    }

    /// Connection logs have no status code: with ``statusCodes`` given, nothing is printed.
    mutating func consume(_ line: ConnectionLogLine) throws(AccessLogParseError) {
        let r = try line.record()
        guard statusCodes.isEmpty else { return }
        let values: [Value] = [
            RecordsPrinter.text(line.rawField(.timestamp)),
            .string(r.client.ip),
            .number(String(r.client.port)),
            .number(String(r.listenerPort)),
            r.tlsProtocol.map(Value.string) ?? .null,
            r.tlsCipher.map(Value.string) ?? .null,
            r.tlsHandshakeLatency == nil ? .null : RecordsPrinter.number(line.rawField(.tlsHandshakeLatency)),
            r.leafClientCertSubject.map(Value.string) ?? .null,
            r.leafClientCertValidity == nil ? .null : RecordsPrinter.text(line.rawField(.leafClientCertValidity)),
            r.leafClientCertSerialNumber.map(Value.string) ?? .null,
            r.tlsVerifyStatus.map { .string($0.description) } ?? .null,
            r.connTraceID.map(Value.string) ?? .null,
            r.tlsKeyExchange.map(Value.string) ?? .null,
            r.elb.map(Value.string) ?? .null,
            r.ipAddress.map(Value.string) ?? .null,
            .list(r.unknownFields.map(Value.string)),
        ]
        write(values, type: .connection)
    }

    /// A field's bytes as a JSON string value (times, validity: as logged).
    static func text(_ bytes: UnsafeRawBufferPointer?) -> Value {
        bytes.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null
    }

    /// A field's bytes as a JSON number, as logged (validated by `record()`).
    static func number(_ bytes: UnsafeRawBufferPointer?) -> Value {
        bytes.map { .number(String(decoding: $0, as: UTF8.self)) } ?? .null
    }

    /// `,"key":` (or `{"key":` for the first key), per key of each type.
    static let healthCheckJSONKeys = jsonKeys(RecordsSchema.keys(for: .healthCheck))
    static let connectionJSONKeys = jsonKeys(RecordsSchema.keys(for: .connection))

    static func jsonKeys(_ keys: [String]) -> [[UInt8]] {
        keys.enumerated().map { i, key in Array(((i == 0 ? "{" : ",") + JSONText.quote(key) + ":").utf8) }
    }

    /// The header row of `--format tsv` for a log type.
    static func tsvHeader(for type: ALBLogType) -> String {
        RecordsSchema.keys(for: type).joined(separator: "\t") + "\n"
    }

    /// Writes the TSV header if it is still pending (the type was learnt from the first line).
    mutating func beginRecord(_ type: ALBLogType) {
        guard headerPending else { return }
        headerPending = false
        if format == .tsv { sink.append(RecordsPrinter.tsvHeader(for: type)) }
    }

    private mutating func write(_ values: [Value], type: ALBLogType) {
        beginRecord(type)
        switch format {
        case .jsonl:
            let keys = type == .healthCheck ? RecordsPrinter.healthCheckJSONKeys : RecordsPrinter.connectionJSONKeys
            for (key, value) in zip(keys, values) {
                sink.append(key)
                writeJSONValue(value)
            }
            sink.append("}\n")
        case .tsv:
            func text(_ v: Value) -> String {
                switch v {
                case .null: ""
                case .number(let n): n
                case .string(let s): JSONText.tsvEscape(s)
                case .list(let items): items.map(text).joined(separator: " ")
                }
            }
            sink.append(values.map(text).joined(separator: "\t"))
            sink.append(byte: UInt8(ascii: "\n"))
        }
        written += 1
    }
}
