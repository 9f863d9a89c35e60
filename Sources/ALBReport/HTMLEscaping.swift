/// The one escaping function of the HTML report: every string that comes from data (log lines, user
/// agents, URLs, host names, evidence, titles) goes through `HTMLEscaping.escape` before it reaches the
/// page, in text and in attribute values alike.
public enum HTMLEscaping {
    /// Escapes `text` for HTML text and for a double- or single-quoted attribute value.
    ///
    /// `&`, `<`, `>`, `"` and `'` become character references; C0 controls (except tab, line feed and
    /// carriage return), DEL and the C1 controls become U+FFFD so that no byte of the input changes
    /// how the page parses. Bytes that were not UTF-8 have already become U+FFFD when the log line was
    /// decoded into a `String`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
