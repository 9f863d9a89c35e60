#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reusable storage for the field boundaries of one line, and the quote-aware tokenizer that fills it.
///
/// Allocated once per scanner worker; tokenizing a line allocates nothing.
struct LineTokens {
    /// Maximum number of fields on a line (33 known + room for many future fields).
    static let capacity = 128

    /// Pairs (start, end) of byte offsets of each field's content, quotes excluded.
    let bounds: UnsafeMutablePointer<Int32>
    /// Per field: bit 0 = was quoted, bit 1 = contains a backslash escape.
    let flags: UnsafeMutablePointer<UInt8>

    static let quoted: UInt8 = 1
    static let escaped: UInt8 = 2

    init() {
        bounds = .allocate(capacity: 2 * LineTokens.capacity)
        flags = .allocate(capacity: LineTokens.capacity)
        bounds.initialize(repeating: 0, count: 2 * LineTokens.capacity)
        flags.initialize(repeating: 0, count: LineTokens.capacity)
    }

    func deallocate() {
        bounds.deallocate()
        flags.deallocate()
    }

    struct Failure: Error {
        /// Index of the field at fault (= number of complete fields before it).
        var field: Int
        var code: AccessLogParseError.Code
        /// 0-based byte offset in the line.
        var offset: Int
    }

    /// Splits `line` into fields. Returns the number of fields, or where the structure breaks.
    @inline(__always)
    func tokenize(_ line: UnsafeRawBufferPointer) -> Result<Int, Failure> {
        guard let base = line.baseAddress, line.count > 0 else {
            return .failure(Failure(field: 0, code: .missingField, offset: 0))
        }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = line.count
        let quote = UInt8(ascii: "\"")
        let space = UInt8(ascii: " ")
        let backslash = UInt8(ascii: "\\")
        var i = 0
        var f = 0
        let mustQuote = AccessLogField.mustBeQuotedMask
        while true {
            if f == LineTokens.capacity {
                return .failure(Failure(field: f, code: .tooManyFields, offset: i))
            }
            if i < n && p[i] == quote {
                var j = i + 1
                var flag = LineTokens.quoted
                var close = -1
                while j < n {
                    guard let q = memchr(p + j, Int32(quote), n - j) else { break }
                    let qi = p.distance(to: q.assumingMemoryBound(to: UInt8.self))
                    if p[qi - 1] == backslash {
                        var b = qi - 1
                        var run = 0
                        while b > i && p[b] == backslash {
                            run += 1
                            b -= 1
                        }
                        if run & 1 == 1 {
                            flag |= LineTokens.escaped
                            j = qi + 1
                            continue
                        }
                    }
                    if qi + 1 == n || p[qi + 1] == space {
                        close = qi
                        break
                    }
                    j = qi + 1
                }
                if close < 0 {
                    return .failure(Failure(field: f, code: .unterminatedQuote, offset: i))
                }
                bounds[2 * f] = Int32(truncatingIfNeeded: i + 1)
                bounds[2 * f + 1] = Int32(truncatingIfNeeded: close)
                flags[f] = flag
                i = close + 1
            } else {
                if f < 64 && (mustQuote >> UInt64(f)) & 1 == 1 {
                    return .failure(Failure(field: f, code: i < n ? .expectedQuote : .missingField, offset: i))
                }
                var j = i
                while j < n {
                    let c = p[j]
                    if c == space { break }
                    if c == quote {
                        return .failure(Failure(field: f, code: .unexpectedQuote, offset: j))
                    }
                    j += 1
                }
                bounds[2 * f] = Int32(truncatingIfNeeded: i)
                bounds[2 * f + 1] = Int32(truncatingIfNeeded: j)
                flags[f] = 0
                i = j
            }
            f += 1
            // i is at a space or the end of the line.
            if i >= n - 1 { break }  // end, or a single trailing space
            i += 1
        }
        if f < AccessLogField.minimumCount {
            return .failure(Failure(field: f, code: .missingField, offset: n))
        }
        return .success(f)
    }
}
