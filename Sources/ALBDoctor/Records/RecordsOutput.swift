import ALBAccessLog

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered writer to a file descriptor (stdout by default), or an in-memory collector (`fd` nil: nothing is
/// written, ``collected`` holds every byte). Not thread-safe: used by one sequential scan.
final class OutputSink: @unchecked Sendable {
    private var buffer: [UInt8] = []
    private let fd: Int32?
    private(set) var writeFailed = false

    init(fd: Int32? = 1) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    /// The bytes collected so far (in-memory mode).
    var collected: [UInt8] { buffer }

    /// Drops the bytes after the first `count` (in-memory mode).
    func truncate(to count: Int) {
        if count < buffer.count { buffer.removeSubrange(count...) }
    }

    @inline(__always)
    func append(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    @inline(__always)
    func append(bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    @inline(__always)
    func append(byte: UInt8) { buffer.append(byte) }

    @inline(__always)
    func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Lets `body` append one record to the buffer (it returns whether it did), then flushes when full.
    @inline(__always)
    func appendRecord(_ body: (inout [UInt8]) -> Bool) -> Bool {
        let done = body(&buffer)
        if buffer.count >= 1 << 16 { flush() }
        return done
    }

    /// Appends `s` as a JSON string literal (quotes included).
    func appendJSONString(_ s: String) {
        var s = s
        s.withUTF8 { appendJSONString(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Appends UTF-8 bytes as a JSON string literal: `"` `\` and control characters escaped.
    func appendJSONString(bytes: UnsafeRawBufferPointer) {
        buffer.append(UInt8(ascii: "\""))
        var start = 0
        for (i, b) in bytes.enumerated()
        where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == 0x7F {
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            switch b {
            case UInt8(ascii: "\""): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            default:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: Array("\\u00".utf8))
                buffer.append(hex[Int(b >> 4)])
                buffer.append(hex[Int(b & 0xF)])
            }
            start = i + 1
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start...]))
        buffer.append(UInt8(ascii: "\""))
    }

    func flush() {
        guard let fd else { return }
        guard !buffer.isEmpty, !writeFailed else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { break }
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    writeFailed = true
                    break
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// The keys of `alb-doctor records` output, in order: the AWS field names, with the request's three parts
/// (Athena's column names) after `request`, and `unknown_fields` last.
public enum RecordsSchema {
    public static let keys: [String] = {
        var keys: [String] = []
        for field in AccessLogField.allCases {
            keys.append(field.awsName)
            if field == .request { keys += ["request_verb", "request_url", "request_proto"] }
        }
        keys.append("unknown_fields")
        return keys
    }()
}

/// Writes records as JSON lines or TSV rows.
struct RecordsPrinter: AccessLogConsumer {
    let sink: OutputSink
    let statusCodes: [Int]
    let format: RecordsFormat
    var written = 0
    /// The TSV header is still to be written, before the first record (when the log type was learnt from the
    /// first line rather than known before reading).
    var headerPending = false
    /// Whether JSON lines of the common shape are written straight from the line's bytes
    /// (``AccessLogRecord/appendRecordsJSON(to:keys:)``); the same text as decoding the entry, which tests
    /// check by turning this off.
    var fastJSON = true
    /// Records written from the line's bytes.
    var writtenFromBytes = 0
    /// Where merged units' output goes, in input order, when units are printed in parallel (each into its own
    /// in-memory `sink`); nil when this printer writes straight to its sink.
    var forward: OutputSink?

    mutating func consume(_ record: AccessLogRecord) throws(AccessLogParseError) {
        if !statusCodes.isEmpty {
            guard let code = try record.elbStatusCode, statusCodes.contains(code) else { return }
        }
        if format == .jsonl && fastJSON && !headerPending
            && sink.appendRecord({ record.appendRecordsJSON(to: &$0, keys: RecordsPrinter.jsonKeys) })
        {
            // The common shape, written from the line's bytes (the same text as below).
            written += 1
            writtenFromBytes += 1
            return
        }
        let entry = try record.entry()
        beginRecord(.access)
        switch format {
        case .jsonl: writeJSON(entry, record)
        case .tsv: writeTSV(entry, record)
        }
        written += 1
    }

    mutating func merge(_ other: RecordsPrinter) {
        written += other.written
        writtenFromBytes += other.writtenFromBytes
        if let forward, other.sink !== forward {
            forward.append(other.sink.collected)
            other.sink.truncate(to: 0)
        }
    }

    /// Numeric fields are written as logged (`0.000`, `-1`) after validation by `entry()`.
    private func number(_ record: AccessLogRecord, _ field: AccessLogField, present: Bool) -> String? {
        guard present, let raw = record.rawField(field) else { return nil }
        return String(decoding: raw, as: UTF8.self)
    }

    private func values(_ e: AccessLogEntry, _ r: AccessLogRecord) -> [Value] {
        func s(_ v: String?) -> Value { v.map(Value.string) ?? .null }
        func n(_ field: AccessLogField, _ present: Bool) -> Value {
            number(r, field, present: present).map(Value.number) ?? .null
        }
        var v: [Value] = [
            .string(e.type),
            s(r.rawField(.time).map { String(decoding: $0, as: UTF8.self) }),
            .string(e.elb),
            s(
                e.client.map { _ in
                    String(decoding: r.rawField(.client) ?? UnsafeRawBufferPointer(start: nil, count: 0), as: UTF8.self)
                }
            ),
            s(
                e.target.map { _ in
                    String(decoding: r.rawField(.target) ?? UnsafeRawBufferPointer(start: nil, count: 0), as: UTF8.self)
                }
            ),
            n(.requestProcessingTime, e.requestProcessingTime != nil),
            n(.targetProcessingTime, e.targetProcessingTime != nil),
            n(.responseProcessingTime, e.responseProcessingTime != nil),
            e.elbStatusCode.map { .number(String($0)) } ?? .null,
            e.targetStatusCode.map { .number(String($0)) } ?? .null,
            e.receivedBytes.map { .number(String($0)) } ?? .null,
            e.sentBytes.map { .number(String($0)) } ?? .null,
            s(e.request?.raw), s(e.request?.method), s(e.request?.url), s(e.request?.protocolVersion),
            s(e.userAgent), s(e.sslCipher), s(e.sslProtocol), s(e.targetGroupARN), s(e.traceID), s(e.domainName),
            s(e.chosenCertARN),
            e.matchedRulePriority.map { .number(String($0)) } ?? .null,
            s(
                e.requestCreationTime.map { _ in
                    String(
                        decoding: r.rawField(.requestCreationTime) ?? UnsafeRawBufferPointer(start: nil, count: 0),
                        as: UTF8.self
                    )
                }
            ),
            s(e.actionsExecuted), s(e.redirectURL), s(e.errorReason),
            e.targetPortList.map { .list($0.map { Value.string($0.description) }) } ?? .null,
            e.targetStatusCodeList.map { .list($0.map { Value.number(String($0)) }) } ?? .null,
            s(e.classification), s(e.classificationReason), s(e.connTraceID), s(e.transformedHost),
            s(e.transformedURI), s(e.requestTransformStatus),
        ]
        v.append(.list(e.unknownFields.map(Value.string)))
        return v
    }

    enum Value {
        case null
        case string(String)
        case number(String)
        case list([Value])
    }

    /// `,"key":` (or `{"key":` for the first key), as bytes.
    static let jsonKeys: [[UInt8]] = RecordsSchema.keys.enumerated().map { i, key in
        Array(((i == 0 ? "{" : ",") + JSONText.quote(key) + ":").utf8)
    }
    static let null = Array("null".utf8)

    private func writeJSON(_ e: AccessLogEntry, _ r: AccessLogRecord) {
        var k = 0
        func key() {
            sink.append(RecordsPrinter.jsonKeys[k])
            k += 1
        }
        func string(_ v: String?) {
            key()
            if let v { sink.appendJSONString(v) } else { sink.append(RecordsPrinter.null) }
        }
        func raw(_ field: AccessLogField, present: Bool, quoted: Bool) {
            key()
            guard present, let b = r.rawField(field) else {
                sink.append(RecordsPrinter.null)
                return
            }
            if quoted { sink.appendJSONString(bytes: b) } else { sink.append(bytes: b) }
        }
        func number<T: BinaryInteger>(_ v: T?) {
            key()
            if let v { sink.append(String(v)) } else { sink.append(RecordsPrinter.null) }
        }
        string(e.type)
        raw(.time, present: true, quoted: true)
        string(e.elb)
        raw(.client, present: e.client != nil, quoted: true)
        raw(.target, present: e.target != nil, quoted: true)
        raw(.requestProcessingTime, present: e.requestProcessingTime != nil, quoted: false)
        raw(.targetProcessingTime, present: e.targetProcessingTime != nil, quoted: false)
        raw(.responseProcessingTime, present: e.responseProcessingTime != nil, quoted: false)
        number(e.elbStatusCode)
        number(e.targetStatusCode)
        number(e.receivedBytes)
        number(e.sentBytes)
        string(e.request?.raw)
        string(e.request?.method)
        string(e.request?.url)
        string(e.request?.protocolVersion)
        string(e.userAgent)
        string(e.sslCipher)
        string(e.sslProtocol)
        string(e.targetGroupARN)
        string(e.traceID)
        string(e.domainName)
        string(e.chosenCertARN)
        number(e.matchedRulePriority)
        raw(.requestCreationTime, present: e.requestCreationTime != nil, quoted: true)
        string(e.actionsExecuted)
        string(e.redirectURL)
        string(e.errorReason)
        key()
        if let list = e.targetPortList {
            sink.append(byte: UInt8(ascii: "["))
            for (i, item) in list.enumerated() {
                if i > 0 { sink.append(byte: UInt8(ascii: ",")) }
                sink.appendJSONString(item.description)
            }
            sink.append(byte: UInt8(ascii: "]"))
        } else {
            sink.append(RecordsPrinter.null)
        }
        key()
        if let list = e.targetStatusCodeList {
            sink.append("[" + list.map(String.init).joined(separator: ",") + "]")
        } else {
            sink.append(RecordsPrinter.null)
        }
        string(e.classification)
        string(e.classificationReason)
        string(e.connTraceID)
        string(e.transformedHost)
        string(e.transformedURI)
        string(e.requestTransformStatus)
        key()
        sink.append(byte: UInt8(ascii: "["))
        for (i, item) in e.unknownFields.enumerated() {
            if i > 0 { sink.append(byte: UInt8(ascii: ",")) }
            sink.appendJSONString(item)
        }
        sink.append("]}\n")
    }

    func writeJSONValue(_ v: Value) {
        switch v {
        case .null: sink.append("null")
        case .number(let n): sink.append(n)
        case .string(let s): sink.append(JSONText.quote(s))
        case .list(let items):
            sink.append(byte: UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { sink.append(byte: UInt8(ascii: ",")) }
                writeJSONValue(item)
            }
            sink.append(byte: UInt8(ascii: "]"))
        }
    }

    private func writeTSV(_ e: AccessLogEntry, _ r: AccessLogRecord) {
        let vals = values(e, r)
        func text(_ v: Value) -> String {
            switch v {
            case .null: return ""
            case .number(let n): return n
            case .string(let s): return JSONText.tsvEscape(s)
            case .list(let items): return items.map(text).joined(separator: " ")
            }
        }
        sink.append(vals.map(text).joined(separator: "\t"))
        sink.append(byte: UInt8(ascii: "\n"))
    }
}

enum JSONText {
    /// A JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
        return out
    }

    /// Escapes tab, newline, carriage return and backslash for TSV.
    static func tsvEscape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\\" }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out.append(c)
            }
        }
        return out
    }
}
