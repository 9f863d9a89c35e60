#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reusable storage for the field boundaries of one line, and the quote-aware tokenizer that fills it
/// **lazily**: fields are split only as far as someone asks (the 502 filter stops after field 9).
///
/// Allocated once per scanner worker; tokenizing allocates nothing.
struct LineTokens {
    /// Maximum number of fields on a line (33 known + room for many future fields).
    static let capacity = 128

    /// Pairs (start, end) of byte offsets of each field's content, quotes excluded.
    let bounds: UnsafeMutablePointer<Int32>
    /// Per field: bit 0 = was quoted, bit 1 = contains a backslash escape.
    let flags: UnsafeMutablePointer<UInt8>
    /// Tokenizer state: [fields done, next position, status, failure field, failure code, failure offset,
    /// fields decoded lossily (bit per field, bit 63 for fields from 63 on), first field that AWS quotes
    /// but the line has bare (-1 if none)].
    let state: UnsafeMutablePointer<Int>

    static let quoted: UInt8 = 1
    static let escaped: UInt8 = 2

    static let inProgress = 0
    static let complete = 1
    static let failed = 2

    init() {
        bounds = .allocate(capacity: 2 * LineTokens.capacity)
        flags = .allocate(capacity: LineTokens.capacity)
        state = .allocate(capacity: 8)
        bounds.initialize(repeating: 0, count: 2 * LineTokens.capacity)
        flags.initialize(repeating: 0, count: LineTokens.capacity)
        state.initialize(repeating: 0, count: 8)
        state[7] = -1
    }

    func deallocate() {
        bounds.deallocate()
        flags.deallocate()
        state.deallocate()
    }

    struct Failure: Error {
        /// Index of the field at fault (= number of complete fields before it).
        var field: Int
        var code: AccessLogParseError.Code
        /// 0-based byte offset in the line.
        var offset: Int
    }

    /// Starts a new line.
    @inline(__always)
    func reset() {
        state[0] = 0
        state[1] = 0
        state[2] = LineTokens.inProgress
        state[6] = 0
        state[7] = -1
    }

    /// Fields (bit per 0-based index; bit 63 for 63 and later) whose bytes were not valid UTF-8 and were
    /// decoded with U+FFFD replacements on this line.
    @inline(__always) var lossyFields: UInt64 { UInt64(bitPattern: Int64(state[6])) }

    @inline(__always)
    func noteLossy(_ index: Int) {
        state[6] |= Int(bitPattern: UInt(1) << UInt(min(index, 63)))
    }

    @inline(__always) var count: Int { state[0] }
    @inline(__always) var status: Int { state[2] }

    var failure: Failure? {
        guard state[2] == LineTokens.failed else { return nil }
        return Failure(field: state[3], code: AccessLogParseError.Code.allCases[state[4]], offset: state[5])
    }

    private func fail(_ field: Int, _ code: AccessLogParseError.Code, _ offset: Int) {
        state[0] = field
        state[2] = LineTokens.failed
        state[3] = field
        state[4] = AccessLogParseError.Code.allCases.firstIndex(of: code) ?? 0
        state[5] = offset
    }

    /// Splits an access-log `line` into fields until field `target` (0-based) exists, the line ends, or the
    /// structure breaks. `target = Int.max` tokenizes the whole line and checks the minimum field count.
    @inline(__always)
    func advance(_ line: UnsafeRawBufferPointer, through target: Int) {
        advance(line, through: target, grammar: AccessLogGrammar.self)
    }

    /// Splits `line` into fields as `grammar` describes them (which fields AWS quotes, how many a line needs)
    /// until field `target` (0-based) exists, the line ends, or the structure breaks.
    func advance<G: LineGrammar>(_ line: UnsafeRawBufferPointer, through target: Int, grammar: G.Type) {
        guard state[2] == LineTokens.inProgress else { return }
        guard let base = line.baseAddress, line.count > 0 else {
            fail(0, .missingField, 0)
            return
        }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = line.count
        let quote = UInt8(ascii: "\"")
        let space = UInt8(ascii: " ")
        let backslash = UInt8(ascii: "\\")
        var f = state[0]
        var i = state[1]
        let mustQuote = grammar.mustQuote
        let strictQuote = grammar.strictQuote
        while f <= target {
            if f == LineTokens.capacity {
                fail(f, .tooManyFields, i)
                return
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
                    fail(f, .unterminatedQuote, i)
                    return
                }
                bounds[2 * f] = Int32(truncatingIfNeeded: i + 1)
                bounds[2 * f + 1] = Int32(truncatingIfNeeded: close)
                flags[f] = flag
                i = close + 1
            } else {
                if f < 64 && (mustQuote >> UInt64(f)) & 1 == 1 {
                    // Older lines have some quoted fields bare (domain_name, chosen_cert_arn); accept a bare
                    // token there, but not where AWS has always quoted (request, user_agent, trace_id).
                    if i >= n || (strictQuote >> UInt64(f)) & 1 == 1 {
                        fail(f, i < n ? .expectedQuote : .missingField, i)
                        return
                    }
                    if state[7] < 0 { state[7] = f }
                }
                var j = i
                // Eight bytes at a time to the first byte that may be a space or a quote (SWAR zero-byte
                // test; its lowest hit is exact on little-endian loads), then byte by byte.
                #if _endian(little)
                    while j + 8 <= n {
                        let w = UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)
                        let xs = w ^ 0x2020_2020_2020_2020
                        let xq = w ^ 0x2222_2222_2222_2222
                        let hit =
                            ((xs &- 0x0101_0101_0101_0101) & ~xs | (xq &- 0x0101_0101_0101_0101) & ~xq)
                            & 0x8080_8080_8080_8080
                        if hit != 0 {
                            j += hit.trailingZeroBitCount >> 3
                            break
                        }
                        j += 8
                    }
                #endif
                while j < n {
                    let c = p[j]
                    if c == space { break }
                    if c == quote {
                        if state[7] >= 0 {
                            // A stray quote after a bare field that AWS quotes: the fields are shifted,
                            // and the bare one is where the line went wrong.
                            let g = state[7]
                            fail(g, .expectedQuote, g == f ? i : Int(bounds[2 * g]))
                        } else {
                            fail(f, .unexpectedQuote, j)
                        }
                        return
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
            if i >= n - 1 {
                // The end, or a single trailing space.
                state[0] = f
                state[1] = n
                if f < grammar.minimumCount {
                    fail(f, .missingField, n)
                    state[0] = f
                } else {
                    state[2] = LineTokens.complete
                }
                return
            }
            i += 1
        }
        state[0] = f
        state[1] = i
    }
}

/// What the tokenizer needs to know about one log type's lines: which fields AWS writes in quotes and how
/// many fields the shortest valid line has. Static, so that the tokenizer specialised for a log type has
/// them as constants.
protocol LineGrammar {
    /// Fields (bit per 0-based position below 64) that AWS writes in double quotes. A bare token there is
    /// accepted unless the field is also in ``strictQuote``; a stray quote later on the line then names the
    /// bare field as the place the line went wrong.
    static var mustQuote: UInt64 { get }
    /// Fields quoted on every line AWS has ever written: a bare token there is a structural error.
    static var strictQuote: UInt64 { get }
    /// Fewer fields than this is a `missing-field` error.
    static var minimumCount: Int { get }
}

/// Access logs: 18 fields at least; `request`, `user_agent`, `trace_id` always quoted.
enum AccessLogGrammar: LineGrammar {
    static var mustQuote: UInt64 { AccessLogField.mustBeQuotedMask }
    static var strictQuote: UInt64 { AccessLogField.alwaysQuotedMask }
    static var minimumCount: Int { AccessLogField.minimumCount }
}
