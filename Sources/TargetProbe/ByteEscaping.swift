/// Printable renderings of raw bytes and durations for evidence and excerpts.
enum ByteEscaping {
    /// Escapes bytes: printable ASCII as is, `\r` `\n` `\t` and `\xNN` for the rest; at most `limit` bytes.
    static func escape(_ bytes: some Collection<UInt8>, limit: Int = 2048) -> String {
        var text = ""
        var count = 0
        for byte in bytes {
            if count == limit {
                text += "…(\(bytes.count - limit) more bytes)"
                break
            }
            count += 1
            switch byte {
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\t"): text += "\\t"
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text
    }
}

/// Rounds seconds to hundredths for messages: `4.98`.
func formatSeconds(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return "\(rounded)"
}
