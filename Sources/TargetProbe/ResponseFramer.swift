/// Finds where one HTTP/1.x response ends in a stream of raw bytes, incrementally and with bounded memory.
///
/// The framer only decides *when the response is complete* (so the probe knows when the connection
/// becomes idle). It is tolerant on purpose: judging the bytes is the job of the shared
/// `HTTPResponseHeaderValidator`. It keeps the head (up to ``headLimit``) and the first
/// ``bodyKeepLimit`` bytes of the body for the validator and for excerpts; the rest is counted only.
struct ResponseFramer: Sendable {
    /// How the end of the body is determined.
    enum BodyFraming: String, Sendable, Codable {
        /// `Content-Length: n`.
        case contentLength = "content-length"
        /// `Transfer-Encoding: chunked`.
        case chunked
        /// No length: the body ends when the target closes the connection.
        case closeDelimited = "close-delimited"
        /// No body (`1xx`, `204`, `304`).
        case none
        /// The head gives no usable framing (e.g. conflicting `Content-Length`).
        case ambiguous
    }

    /// What the framer knows after the bytes fed so far.
    enum State: Sendable, Equatable {
        case needMoreHead
        case needMoreBody
        case complete
        /// The head grew past ``headLimit`` without ending.
        case headTooLarge
        /// The framing cannot be determined; stop reading and let the validator explain.
        case unframeable
    }

    let headLimit: Int
    let bodyKeepLimit: Int

    private(set) var state: State = .needMoreHead
    /// Head bytes (all interim `1xx` heads included), then the kept body prefix.
    private(set) var kept: [UInt8] = []
    /// Number of bytes in `kept` that belong to the head section (final head included) once it ended.
    private(set) var headLength = 0
    private(set) var bodyBytes = 0
    private(set) var totalBytes = 0
    private(set) var head: ParsedHead?
    private(set) var framing: BodyFraming?

    private var headStart = 0
    private var contentRemaining = 0
    private var chunk = ChunkState.sizeLine([])

    private enum ChunkState: Sendable, Equatable {
        case sizeLine([UInt8])
        case data(Int)
        case dataCRLF(Int)
        case trailerLine([UInt8])
        case done
    }

    init(headLimit: Int = 64 * 1024, bodyKeepLimit: Int = 16 * 1024) {
        self.headLimit = headLimit
        self.bodyKeepLimit = bodyKeepLimit
    }

    /// Feeds the next bytes received; returns the new state.
    @discardableResult
    mutating func feed(_ bytes: some Collection<UInt8>) -> State {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            switch state {
            case .needMoreHead:
                let byte = bytes[index]
                kept.append(byte)
                totalBytes += 1
                index = bytes.index(after: index)
                if byte == UInt8(ascii: "\n"), headEnded() {
                    finishHead()
                } else if kept.count - headStart > headLimit {
                    state = .headTooLarge
                }
            case .needMoreBody:
                let available = bytes.distance(from: index, to: bytes.endIndex)
                let used = consumeBody(bytes[index...], available: available)
                index = bytes.index(index, offsetBy: used)
            case .complete, .headTooLarge, .unframeable:
                // Bytes after the end of the response: counted only (the validator sees them as extra).
                totalBytes += bytes.distance(from: index, to: bytes.endIndex)
                return state
            }
        }
        return state
    }

    /// Tells the framer that the connection ended; a close-delimited body is then complete.
    @discardableResult
    mutating func connectionEnded() -> State {
        if state == .needMoreBody, framing == .closeDelimited { state = .complete }
        return state
    }

    /// The kept bytes of the final response (interim `1xx` heads left out): head and kept body prefix.
    var finalResponseBytes: ArraySlice<UInt8> { kept[headStart...] }

    /// How many body bytes are kept.
    var keptBodyBytes: Int { headLength > 0 ? kept.count - headLength : 0 }

    /// The kept bytes of the final head only.
    var finalHeadBytes: ArraySlice<UInt8> {
        headLength > headStart ? kept[headStart..<headLength] : kept[headStart...]
    }

    private func headEnded() -> Bool {
        let count = kept.count
        if count - headStart >= 2, kept[count - 2] == UInt8(ascii: "\n") { return true }
        if count - headStart >= 4, kept[count - 2] == UInt8(ascii: "\r"), kept[count - 3] == UInt8(ascii: "\n") {
            return true
        }
        return false
    }

    private mutating func finishHead() {
        let parsed = ParsedHead(bytes: kept[headStart...])
        if let status = parsed.statusCode, (100...199).contains(status), status != 101 {
            // Interim response (e.g. 103 Early Hints): the final head follows.
            headStart = kept.count
            return
        }
        head = parsed
        headLength = kept.count
        if let status = parsed.statusCode, status == 204 || status == 304 || (100...199).contains(status) {
            framing = BodyFraming.none
            state = .complete
        } else if let encoding = parsed.transferEncoding {
            if encoding.lowercased().split(separator: ",").last?.trimmingSpaces() == "chunked" {
                framing = .chunked
                state = .needMoreBody
            } else {
                framing = .closeDelimited
                state = .needMoreBody
            }
        } else if parsed.contentLengths.isEmpty {
            framing = parsed.statusCode == nil ? .ambiguous : .closeDelimited
            state = parsed.statusCode == nil ? .unframeable : .needMoreBody
        } else if let length = parsed.singleContentLength {
            framing = .contentLength
            contentRemaining = length
            state = length == 0 ? .complete : .needMoreBody
        } else {
            framing = .ambiguous
            state = .unframeable
        }
    }

    private mutating func keepBody(_ bytes: some Collection<UInt8>) {
        bodyBytes += bytes.count
        totalBytes += bytes.count
        let room = bodyKeepLimit - (kept.count - headLength)
        if room > 0 { kept.append(contentsOf: bytes.prefix(room)) }
    }

    /// Consumes body bytes; returns how many were used.
    private mutating func consumeBody(_ bytes: some Collection<UInt8>, available: Int) -> Int {
        switch framing {
        case .contentLength:
            let take = min(available, contentRemaining)
            keepBody(bytes.prefix(take))
            contentRemaining -= take
            if contentRemaining == 0 { state = .complete }
            return take
        case .closeDelimited:
            keepBody(bytes)
            return available
        case .chunked:
            return consumeChunked(bytes)
        case .some(.none), .ambiguous, nil:
            state = .complete
            return 0
        }
    }

    private mutating func consumeChunked(_ bytes: some Collection<UInt8>) -> Int {
        var used = 0
        for byte in bytes {
            switch chunk {
            case .sizeLine(var line):
                line.append(byte)
                if byte == UInt8(ascii: "\n") {
                    guard let size = Self.chunkSize(line) else {
                        keepBody(CollectionOfOne(byte))
                        used += 1
                        state = .unframeable
                        return used
                    }
                    chunk = size == 0 ? .trailerLine([]) : .data(size)
                } else if line.count > 1024 {
                    keepBody(CollectionOfOne(byte))
                    used += 1
                    state = .unframeable
                    return used
                } else {
                    chunk = .sizeLine(line)
                }
            case .data(let remaining):
                chunk = remaining == 1 ? .dataCRLF(0) : .data(remaining - 1)
            case .dataCRLF(let seen):
                if byte == UInt8(ascii: "\n") {
                    chunk = .sizeLine([])
                } else {
                    chunk = .dataCRLF(seen + 1)
                    if seen >= 1 {
                        keepBody(CollectionOfOne(byte))
                        used += 1
                        state = .unframeable
                        return used
                    }
                }
            case .trailerLine(var line):
                line.append(byte)
                if byte == UInt8(ascii: "\n") {
                    let isEmpty = line.count == 1 || (line.count == 2 && line[0] == UInt8(ascii: "\r"))
                    chunk = isEmpty ? .done : .trailerLine([])
                } else if line.count > 8192 {
                    keepBody(CollectionOfOne(byte))
                    used += 1
                    state = .unframeable
                    return used
                } else {
                    chunk = .trailerLine(line)
                }
            case .done:
                break
            }
            keepBody(CollectionOfOne(byte))
            used += 1
            if chunk == .done {
                state = .complete
                return used
            }
        }
        return used
    }

    private static func chunkSize(_ line: [UInt8]) -> Int? {
        var value = 0
        var digits = 0
        for byte in line {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default:
                return digits == 0 || digits > 15 ? nil : value
            }
            value = value * 16 + digit
            digits += 1
        }
        return digits == 0 || digits > 15 ? nil : value
    }
}

/// The few facts of a response head the probe needs; tolerant parsing (the validator judges syntax).
struct ParsedHead: Sendable, Equatable {
    var httpVersion: String?
    var statusCode: Int?
    var statusLine: String
    var headers: [(name: String, value: String)]

    init(bytes: ArraySlice<UInt8>) {
        var lines: [String] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if current.last == UInt8(ascii: "\r") { current.removeLast() }
                lines.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        statusLine = lines.first ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3, let code = Int(parts[1]) {
            httpVersion = String(parts[0].dropFirst(5))
            statusCode = code
        }
        headers = lines.dropFirst().compactMap { line in
            guard !line.isEmpty, let colon = line.firstIndex(of: ":") else { return nil }
            return (
                String(line[..<colon]).trimmingSpaces().lowercased(),
                String(line[line.index(after: colon)...]).trimmingSpaces()
            )
        }
    }

    static func == (lhs: ParsedHead, rhs: ParsedHead) -> Bool {
        lhs.statusLine == rhs.statusLine && lhs.headers.elementsEqual(rhs.headers, by: { $0 == $1 })
    }

    func values(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }

    var contentLengths: [String] {
        values("content-length").flatMap { $0.split(separator: ",").map { $0.trimmingSpaces() } }
    }

    var singleContentLength: Int? {
        let distinct = Set(contentLengths)
        guard distinct.count == 1, let text = distinct.first, text.count <= 18,
            text.allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            return nil
        }
        return Int(text)
    }

    var transferEncoding: String? {
        let all = values("transfer-encoding")
        return all.isEmpty ? nil : all.joined(separator: ", ")
    }

    /// Connection tokens, lower-cased.
    var connectionTokens: [String] {
        values("connection").flatMap { $0.lowercased().split(separator: ",").map { $0.trimmingSpaces() } }
    }

    /// Whether the target said the connection will not be reused.
    var closesConnection: Bool {
        if connectionTokens.contains("close") { return true }
        if httpVersion == "1.0" { return !connectionTokens.contains("keep-alive") }
        return false
    }

    /// The `Keep-Alive` header value, if any.
    var keepAliveHeader: String? { values("keep-alive").first }

    /// The `timeout=` parameter of `Keep-Alive`, in seconds.
    var advertisedKeepAliveTimeout: Int? {
        guard let header = keepAliveHeader else { return nil }
        for parameter in header.split(separator: ",") {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingSpaces().lowercased() == "timeout" {
                return Int(pair[1].trimmingSpaces())
            }
        }
        return nil
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
