import Foundation

/// Access-log lines written by an attacker: user agents, URLs and host names holding markup, script,
/// `javascript:` URLs and bytes that are not UTF-8. Every payload, if it ever ran, would set the
/// `data-pwned` attribute on the page (the marker the browser test looks for) and `window.pwned`.
enum HostileLog {
    static let marker = "document.documentElement.setAttribute('data-pwned','1');window.pwned=1"

    /// The payloads as they appear in the log (before the log's own `\"` escaping).
    static let payloads = [
        "<script>\(marker)</script>",
        "\"><img src=x onerror=\"\(marker)\">",
        "</style><style>body{display:none}</style>",
        "javascript:\(marker)",
        "<svg onload=\"\(marker)\">",
    ]

    /// One 502 line (not-dispatched) whose user agent, path and host carry `payload`, plus raw bytes.
    static func line(_ index: Int, payload: String) -> [UInt8] {
        let quoted = payload.replacingOccurrences(of: "\"", with: "\\\"")
        let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
        let time = "2026-01-01T10:0\(index % 10):1\(index % 10).000000Z"
        let head =
            "https \(time) app/shop/0123456789abcdef 198.51.100.7:40000 10.0.1.9:8080 -1 -1 -1 502 - 120 0 "
            + "\"GET https://shop.example.com:443/p/\(quoted) HTTP/1.1\" \"Mozilla \(quoted) "
        let tail =
            "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 \(arn) \"Root=1-00000000-000000000000000000000000\" "
            + "\"evil\(quoted).example.com\" \"-\" 0 \(time) \"forward\" \"-\" \"-\" \"10.0.1.9:8080\" \"-\" \"-\" \"-\" "
            + "TID_00000000000000000000000000000000"
        // Bytes that are not UTF-8 inside the user agent.
        return Array(head.utf8) + [0xFF, 0xFE, 0xC3] + Array(tail.utf8)
    }

    /// Writes the hostile lines to a new file in `dir`.
    static func write(in dir: URL) throws -> URL {
        var bytes: [UInt8] = []
        for (i, p) in payloads.enumerated() {
            for copy in 0..<2 {
                bytes += line(i * 2 + copy, payload: p) + [0x0A]
            }
        }
        let url = dir.appendingPathComponent("hostile.log")
        try Data(bytes).write(to: url)
        return url
    }
}
