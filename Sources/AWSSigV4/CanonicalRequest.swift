/// The SigV4 canonical request of one HTTP request, and the pieces it is built from.
///
/// ```
/// METHOD\nCANONICAL-URI\nCANONICAL-QUERY\nCANONICAL-HEADERS\n\nSIGNED-HEADERS\nPAYLOAD-HASH
/// ```
public struct CanonicalRequest: Sendable, Hashable {
    /// The HTTP method, uppercase.
    public var method: String
    /// The canonical URI (already encoded as SigV4 wants it).
    public var uri: String
    /// `name=value` pairs, encoded, sorted by name then value, joined with `&`.
    public var query: String
    /// `name:value\n` lines, lowercase names, sorted.
    public var headers: String
    /// Lowercase header names joined with `;`.
    public var signedHeaders: String
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    /// The canonical request text.
    public var text: String {
        [method, uri, query, headers, signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// The canonical URI of a wire path (the path as sent on the request line, already percent-encoded).
    ///
    /// Non-S3 services (`encodePath: true`) normalise the path (`.`/`..`/`//`) and percent-encode it
    /// once more, so `%3A` on the wire becomes `%253A`. S3 (`encodePath: false`) signs the wire path as it is.
    public static func canonicalURI(wirePath: String, encodePath: Bool) -> String {
        guard encodePath else { return wirePath.isEmpty ? "/" : wirePath }
        return SigV4Encoding.encode(SigV4Encoding.normalizePath(wirePath), keepSlash: true)
    }

    /// The canonical query string of decoded `(name, value)` pairs.
    public static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        items.map { (SigV4Encoding.encode($0.name), SigV4Encoding.encode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Canonical header lines and the signed-headers list for `(name, value)` pairs in request order.
    ///
    /// Names are lowercased; values trimmed with inner runs of whitespace collapsed to one space; repeated
    /// names are joined with `,` in the order they appear.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (
        lines: String, signed: String
    ) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            if values[key] == nil { order.append(key) }
            values[key, default: []].append(collapseWhitespace(value))
        }
        let names = order.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let lines = names.map { "\($0):\(values[$0, default: []].joined(separator: ","))\n" }.joined()
        return (lines, names.joined(separator: ";"))
    }

    static func collapseWhitespace(_ value: String) -> String {
        var out = [UInt8]()
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
            {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
