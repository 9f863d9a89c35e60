/// Streaming decoder of the framing of a chunked HTTP/1.1 body (sizes, CRLFs, trailers).
///
/// It does not keep the body, it only finds where it ends, so it works on arbitrarily large bodies with
/// constant memory. Feed the bytes after the header section in any slices.
public struct ChunkedBodyDecoder: Sendable, Hashable {
    /// Result of feeding bytes.
    public enum Outcome: Sendable, Hashable {
        /// The body is not finished; all given bytes were used.
        case needMore
        /// The body ended after `bytesUsed` bytes of the given slice.
        case complete(bytesUsed: Int)
        /// The framing is broken at `offset` (relative to everything fed so far).
        case invalid(offset: Int, reason: String)
    }

    private enum State: Sendable, Hashable {
        case size(digits: Int, value: UInt64, inExtension: Bool, sawCR: Bool)
        case data(remaining: UInt64)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerLine(sawCR: Bool)
        case finalLF
        case done
    }

    private var state = State.size(digits: 0, value: 0, inExtension: false, sawCR: false)
    private var fed = 0

    /// Creates a decoder at the start of a chunked body.
    public init() {}

    /// Total bytes consumed so far.
    public var bytesConsumed: Int { fed }

    /// Feeds the next bytes.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            switch state {
            case .done:
                return .complete(bytesUsed: i)
            case .size(let digits, let value, let inExtension, let sawCR):
                if sawCR {
                    guard b == 0x0A else { return invalid(i, "chunk-size line has CR without LF") }
                    guard digits > 0 else { return invalid(i, "chunk-size line has no hexadecimal size") }
                    state = value == 0 ? .trailerLineStart : .data(remaining: value)
                } else if b == 0x0D {
                    state = .size(digits: digits, value: value, inExtension: inExtension, sawCR: true)
                } else if b == 0x0A {
                    guard digits > 0 else { return invalid(i, "chunk-size line has no hexadecimal size") }
                    state = value == 0 ? .trailerLineStart : .data(remaining: value)
                } else if inExtension {
                    break
                } else if let h = hexValue(b) {
                    guard digits < 15 else { return invalid(i, "chunk size has too many digits") }
                    state = .size(digits: digits + 1, value: value << 4 | UInt64(h), inExtension: false, sawCR: false)
                } else if (b == UInt8(ascii: ";") || b == 0x20 || b == 0x09) && digits > 0 {
                    state = .size(digits: digits, value: value, inExtension: true, sawCR: false)
                } else {
                    return invalid(i, "chunk size is not hexadecimal")
                }
            case .data(let remaining):
                let take = UInt64(n - i)
                if take >= remaining {
                    i += Int(remaining) - 1
                    state = .dataCR
                } else {
                    state = .data(remaining: remaining - take)
                    i = n - 1
                }
            case .dataCR:
                if b == 0x0D {
                    state = .dataLF
                } else if b == 0x0A {
                    state = .size(digits: 0, value: 0, inExtension: false, sawCR: false)
                } else {
                    return invalid(i, "chunk data is not followed by CRLF")
                }
            case .dataLF:
                guard b == 0x0A else { return invalid(i, "chunk data is not followed by CRLF") }
                state = .size(digits: 0, value: 0, inExtension: false, sawCR: false)
            case .trailerLineStart:
                if b == 0x0D {
                    state = .finalLF
                } else if b == 0x0A {
                    state = .done
                    fed += i + 1
                    return .complete(bytesUsed: i + 1)
                } else {
                    state = .trailerLine(sawCR: false)
                }
            case .trailerLine:
                if b == 0x0A { state = .trailerLineStart }
            case .finalLF:
                guard b == 0x0A else { return invalid(i, "last chunk is not followed by CRLF") }
                state = .done
                fed += i + 1
                return .complete(bytesUsed: i + 1)
            }
            i += 1
        }
        fed += n
        return .needMore

        func invalid(_ at: Int, _ reason: String) -> Outcome {
            let offset = fed + at
            return .invalid(offset: offset, reason: reason)
        }
    }

    @inline(__always)
    private func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
