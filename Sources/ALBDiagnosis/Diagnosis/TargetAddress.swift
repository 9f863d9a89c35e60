/// Helpers for `ip:port` target keys.
public enum TargetAddress {
    /// `10.0.3.11:8080` → `10.0.3.0/24`; IPv6 → the first four groups as a `/64`.
    public static func subnet(of target: String) -> String {
        let host = self.host(of: target)
        if host.contains(":") {
            let groups = host.split(separator: ":", omittingEmptySubsequences: false).prefix(4)
            return groups.joined(separator: ":") + "::/64"
        }
        let octets = host.split(separator: ".")
        guard octets.count == 4 else { return host }
        return "\(octets[0]).\(octets[1]).\(octets[2]).0/24"
    }

    /// The address part of `ip:port` (split on the last colon, brackets removed).
    public static func host(of target: String) -> String {
        guard let colon = target.lastIndex(of: ":") else { return target }
        var host = target[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return String(host)
    }

    /// The port of `ip:port`, if any.
    public static func port(of target: String) -> Int? {
        guard let colon = target.lastIndex(of: ":") else { return nil }
        return Int(target[target.index(after: colon)...])
    }

    /// Whether the target probably speaks HTTPS: port 443/8443/9443 or a target group name that says so.
    public static func looksHTTPS(target: String, targetGroup: String?) -> Bool {
        if let port = port(of: target), [443, 8443, 9443].contains(port) { return true }
        let name = (targetGroup ?? "").lowercased()
        return name.contains("https") || name.contains("tls") || name.contains("ssl")
    }
}
