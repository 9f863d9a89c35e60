extension AccessLogRecord {
    /// Appends the record as the JSON object `alb-doctor records` prints, straight from the line's bytes, when
    /// every field has the shape ALB writes: printable ASCII without quotes or backslashes inside strings,
    /// numbers written the way `String(Int)` would write them, addresses as `a.b.c.d:port`. Returns `false`,
    /// having appended nothing, for any other line — an invalid one included: the caller then decodes it with
    /// ``entry()`` (which throws the precise error of an invalid line) and writes the entry, which gives the
    /// same text. So this is only a faster way to the same output, never a second reading of the format: every
    /// check ``entry()`` makes is made here too, or the line is handed back.
    ///
    /// - Parameters:
    ///   - out: the output buffer.
    ///   - keys: for each key in order, its bytes with the `{` or `,` before it and the `:` after it: the
    ///     ``AccessLogField`` names with the request's three parts after `request`, then `unknown_fields`.
    public func appendRecordsJSON(to out: inout [UInt8], keys: [[UInt8]]) -> Bool {
        tokens.advance(line, through: Int.max)
        guard tokens.failure == nil else { return false }
        let count = tokens.count
        guard count >= 3, keys.count == AccessLogField.allCases.count + 4 else { return false }
        // Written into working space of a size no record can exceed, then appended with one copy.
        let keyBytes = keys.reduce(0) { $0 + $1.count }
        let bound = keyBytes + 4 * line.count + 8 * (max(count, AccessLogField.allCases.count) + 8)
        return withUnsafeTemporaryAllocation(byteCount: bound, alignment: 1) { space in
            guard let base = space.baseAddress else { return false }
            var output = JSONBytes(base: base)
            guard writeJSONFields(to: &output, keys: keys, count: count) else { return false }
            out.append(contentsOf: UnsafeRawBufferPointer(start: base, count: output.count))
            return true
        }
    }

    /// Whether the line is valid and of the common shape that ``appendRecordsJSON(to:keys:)`` writes from its
    /// bytes — so ``entry()`` would not throw — checked without decoding a field into a `String` or writing
    /// anything. `false` says nothing: decode the entry to know.
    public func isValidCommonShape() -> Bool {
        tokens.advance(line, through: Int.max)
        guard tokens.failure == nil, tokens.count >= 3 else { return false }
        var output = NoJSONBytes()
        return writeJSONFields(to: &output, keys: Self.noKeys, count: tokens.count)
    }

    /// Empty keys, for checking a line without writing it.
    static let noKeys = [[UInt8]](repeating: [], count: AccessLogField.allCases.count + 4)

    private func writeJSONFields<Output: JSONByteOutput>(
        to out: inout Output,
        keys: [[UInt8]],
        count: Int
    ) -> Bool {
        let null: StaticString = "null"
        var k = 0
        func key() {
            if Output.writes { keys[k].withUnsafeBytes { out.append(contentsOf: $0) } }
            k += 1
        }
        func appendNull() { out.append(contentsOf: UnsafeRawBufferPointer(start: null.utf8Start, count: 4)) }
        func field(_ f: AccessLogField) -> UnsafeRawBufferPointer? { rawField(at: f.rawValue) }
        func quoted(_ b: UnsafeRawBufferPointer) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: b)
            out.append(UInt8(ascii: "\""))
        }
        /// A string field: `null` for `-` or absent, the bytes quoted when simple; false otherwise.
        func string(_ f: AccessLogField) -> Bool {
            key()
            guard let b = field(f), !Self.isDash(b) else {
                appendNull()
                return true
            }
            guard isJSONText(b, at: f.rawValue) else { return false }
            quoted(b)
            return true
        }
        /// A field written as logged (a time, an address, a duration) after `valid` accepted it.
        func raw(_ f: AccessLogField, quote: Bool, _ valid: (UnsafeRawBufferPointer) -> Bool) -> Bool {
            key()
            guard let b = field(f), !Self.isDash(b) else {
                appendNull()
                return true
            }
            guard valid(b) else { return false }
            if quote { quoted(b) } else { out.append(contentsOf: b) }
            return true
        }
        /// A number field: `null` for `-` (or empty where allowed); the digits when `String(Int)` writes them
        /// the same (no sign but `-1`, no leading zero); false otherwise.
        func number(
            _ f: AccessLogField,
            digits: ClosedRange<Int>,
            allowEmpty: Bool,
            maximum: Int64 = .max,
            minusOne: Bool = false
        ) -> Bool {
            key()
            guard let b = field(f), !Self.isDash(b), !(allowEmpty && b.isEmpty) else {
                appendNull()
                return true
            }
            guard Self.isCanonicalInteger(b, digits: digits, maximum: maximum, minusOne: minusOne) else { return false }
            out.append(contentsOf: b)
            return true
        }

        // type, time, elb: required.
        guard let type = field(.type), !type.isEmpty, !Self.isDash(type), Self.isSimple(type) else { return false }
        key()
        quoted(type)
        guard let time = field(.time), LogTimestamp.parse(time) != nil else { return false }
        key()
        quoted(time)
        guard let elb = field(.elb), !Self.isDash(elb), Self.isSimple(elb) else { return false }
        key()
        quoted(elb)
        guard raw(.client, quote: true, Self.isPlainEndpoint), raw(.target, quote: true, Self.isPlainEndpoint),
            raw(.requestProcessingTime, quote: false, { FieldDecoding.decimal($0) != nil }),
            raw(.targetProcessingTime, quote: false, { FieldDecoding.decimal($0) != nil }),
            raw(.responseProcessingTime, quote: false, { FieldDecoding.decimal($0) != nil }),
            number(.elbStatusCode, digits: 3...3, allowEmpty: true),
            number(.targetStatusCode, digits: 3...3, allowEmpty: false),
            number(.receivedBytes, digits: 1...18, allowEmpty: true),
            number(.sentBytes, digits: 1...18, allowEmpty: true)
        else { return false }
        // request, then its three parts: split at the first and the last space.
        key()
        if let b = field(.request), !Self.isDash(b) {
            guard isJSONText(b, at: AccessLogField.request.rawValue) else { return false }
            quoted(b)
            let n = b.count
            var first = 0
            while first < n && b[first] != UInt8(ascii: " ") { first += 1 }
            var last = n - 1
            while last > first && b[last] != UInt8(ascii: " ") { last -= 1 }
            func part(_ range: Range<Int>) {
                key()
                let p = UnsafeRawBufferPointer(rebasing: b[range])
                if p.isEmpty || Self.isDash(p) { appendNull() } else { quoted(p) }
            }
            if first == n {
                part(0..<n)
                key()
                appendNull()
                key()
                appendNull()
            } else if last == first {
                part(0..<first)
                part(first + 1..<n)
                key()
                appendNull()
            } else {
                part(0..<first)
                part(first + 1..<last)
                part(last + 1..<n)
            }
        } else {
            appendNull()
            for _ in 0..<3 {
                key()
                appendNull()
            }
        }
        guard string(.userAgent), string(.sslCipher), string(.sslProtocol), string(.targetGroupARN),
            string(.traceID), string(.domainName), string(.chosenCertARN),
            number(.matchedRulePriority, digits: 1...5, allowEmpty: true, maximum: 50_000, minusOne: true),
            raw(.requestCreationTime, quote: true, { LogTimestamp.parse($0) != nil }),
            string(.actionsExecuted), string(.redirectURL), string(.errorReason)
        else { return false }
        // target:port_list and target_status_code_list: space-separated, `-` items left out.
        key()
        if let b = field(.targetPortList), !Self.isDash(b) {
            guard Self.isSimple(b), appendList(b, to: &out, quote: true, valid: Self.isPlainEndpoint) else {
                return false
            }
        } else {
            appendNull()
        }
        key()
        if let b = field(.targetStatusCodeList), !Self.isDash(b) {
            guard Self.isSimple(b),
                appendList(b, to: &out, quote: false, valid: { Self.isCanonicalInteger($0, digits: 3...3) })
            else { return false }
        } else {
            appendNull()
        }
        guard string(.classification), string(.classificationReason), string(.connTraceID),
            string(.transformedHost), string(.transformedURI), string(.requestTransformStatus)
        else { return false }
        // Fields newer than this reader, as strings (`-` kept).
        key()
        out.append(UInt8(ascii: "["))
        let known = AccessLogField.allCases.count
        if count > known {
            for index in known..<count {
                guard let b = rawField(at: index), isJSONText(b, at: index) else { return false }
                if index > known { out.append(UInt8(ascii: ",")) }
                quoted(b)
            }
        }
        out.append(UInt8(ascii: "]"))
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: "\n"))
        return true
    }

    /// `[item,…]` of the space-separated items other than `-` that `valid` accepts; false when one is not.
    private func appendList<Output: JSONByteOutput>(
        _ b: UnsafeRawBufferPointer,
        to out: inout Output,
        quote: Bool,
        valid: (UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        out.append(UInt8(ascii: "["))
        var written = 0
        var start = 0
        let n = b.count
        while start < n {
            var end = start
            while end < n && b[end] != UInt8(ascii: " ") { end += 1 }
            if end > start {
                let item = UnsafeRawBufferPointer(rebasing: b[start..<end])
                if !Self.isDash(item) {
                    guard valid(item) else { return false }
                    if written > 0 { out.append(UInt8(ascii: ",")) }
                    if quote { out.append(UInt8(ascii: "\"")) }
                    out.append(contentsOf: item)
                    if quote { out.append(UInt8(ascii: "\"")) }
                    written += 1
                }
            }
            start = end + 1
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    @inline(__always)
    static func isDash(_ b: UnsafeRawBufferPointer) -> Bool {
        b.count == 1 && b[0] == UInt8(ascii: "-")
    }

    /// Whether the field's raw bytes are already the JSON text of its decoded value (``string(_:)``): printable
    /// ASCII, and every `\` part of a `\"` or `\\` pair in a field whose escapes are resolved (quoted, or
    /// escaped): resolving the pair and escaping it for JSON give the same two bytes.
    @inline(__always)
    func isJSONText(_ b: UnsafeRawBufferPointer, at index: Int) -> Bool {
        let unescapes = tokens.flags[index] & (LineTokens.quoted | LineTokens.escaped) != 0
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x20 || c > 0x7E || c == UInt8(ascii: "\"") { return false }
            if c == UInt8(ascii: "\\") {
                guard unescapes, i + 1 < n, b[i + 1] == UInt8(ascii: "\"") || b[i + 1] == UInt8(ascii: "\\") else {
                    return false
                }
                i += 2
                continue
            }
            i += 1
        }
        return true
    }

    /// Printable ASCII with no `"` or `\`: the field reads the same as a Swift string and as JSON text.
    @inline(__always)
    static func isSimple(_ b: UnsafeRawBufferPointer) -> Bool {
        for c in b where c < 0x20 || c > 0x7E || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
            return false
        }
        return true
    }

    /// Digits (or `-1` where `minusOne` allows it) as `String(Int)` writes them: no sign, no leading zero,
    /// within `maximum`.
    static func isCanonicalInteger(
        _ b: UnsafeRawBufferPointer,
        digits: ClosedRange<Int>,
        maximum: Int64 = .max,
        minusOne: Bool = false
    ) -> Bool {
        if b.count == 2 && b[0] == UInt8(ascii: "-") && b[1] == UInt8(ascii: "1") { return minusOne }
        guard digits.contains(b.count), b.count == 1 || b[0] != UInt8(ascii: "0") else { return false }
        var v: Int64 = 0
        for c in b {
            guard c >= 48 && c <= 57 else { return false }
            v = v * 10 + Int64(c - 48)
        }
        return v <= maximum
    }

    /// An IPv4 `address:port` that ``FieldDecoding/endpoint(_:)`` accepts and whose description is the same
    /// bytes (no IPv6, no brackets, no leading zero in the port).
    static func isPlainEndpoint(_ b: UnsafeRawBufferPointer) -> Bool {
        let n = b.count
        var colon = -1
        for i in 0..<n where b[i] == UInt8(ascii: ":") {
            guard colon < 0 else { return false }
            colon = i
        }
        guard colon > 0, colon < n - 1, n - colon - 1 <= 5 else { return false }
        let port = UnsafeRawBufferPointer(rebasing: b[(colon + 1)..<n])
        guard isCanonicalInteger(port, digits: 1...5, maximum: 65_535) else { return false }
        for i in 0..<colon {
            let c = b[i]
            guard
                (c >= 48 && c <= 57) || c == UInt8(ascii: ".") || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
                    || c == UInt8(ascii: "%") || (c >= 103 && c <= 122)
            else { return false }
        }
        return true
    }
}

/// Where ``AccessLogRecord`` writes a record's JSON: working space, or nowhere (a check only).
protocol JSONByteOutput {
    /// Whether anything is kept (a check skips building the keys).
    static var writes: Bool { get }
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeRawBufferPointer)
}

/// Bytes written to working space the caller sized for the record.
struct JSONBytes: JSONByteOutput {
    let base: UnsafeMutableRawPointer
    private(set) var count = 0

    init(base: UnsafeMutableRawPointer) { self.base = base }

    static var writes: Bool { true }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeRawBufferPointer) {
        if let source = bytes.baseAddress, bytes.count > 0 {
            (base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
    }
}

/// Nothing kept: the record is only checked.
struct NoJSONBytes: JSONByteOutput {
    static var writes: Bool { false }
    @inline(__always) mutating func append(_ byte: UInt8) {}
    @inline(__always) mutating func append(contentsOf bytes: UnsafeRawBufferPointer) {}
}
