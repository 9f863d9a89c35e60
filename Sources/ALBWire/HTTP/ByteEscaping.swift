/// Renders raw bytes as a readable, unambiguous ASCII string.
///
/// Printable ASCII stays as is (a backslash is doubled); `\r`, `\n` and `\t` are written as escapes;
/// every other byte becomes `\xNN`. Output is cut at `limit` input bytes with a trailing `…`.
public enum ByteEscaping {
    /// Escapes `bytes`, showing at most `limit` of them.
    public static func escape(_ bytes: some Sequence<UInt8>, limit: Int = 120) -> String {
        var out = ""
        var count = 0
        for byte in bytes {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            switch byte {
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\t"): out += "\\t"
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += hex.count == 1 ? "\\x0\(hex)" : "\\x\(hex)"
            }
        }
        return out
    }
}
