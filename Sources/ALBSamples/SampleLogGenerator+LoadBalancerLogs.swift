import ALBDiagnosis

/// The web load balancer's health-check and connection logs for the sample scenarios, drawn from their own random
/// stream so that every access-log line stays byte-identical.
///
/// Health checks: every target of `web-http` (`http`) and `web-https` (`https`) is checked every 30 s by each of the
/// two nodes. They PASS with 200, except: the refusing target FAILs with `ConnectionReset` in its refusal window, the
/// unreachable subnet's targets FAIL with `TimedOut` in theirs, the HTTPS target whose handshakes fail FAILs with
/// `TimedOut` all hour, and the deregistered target is no longer checked from its deregistration on. The targets
/// that answer 502 on one path pass: the check path works.
///
/// Connection logs: one line per access-log request of the web load balancer (its `conn_trace_id`, client, the
/// moment the connection was made), plus a partner whose expired client certificate is rejected by the mutual-TLS
/// listener on port 8443 (those connections never reach the access log).
extension World {
    /// Files per node and 5-minute interval, named and laid out as ALB names them, sorted by path.
    func loadBalancerLogFiles(accessFiles: [SampleLogFile]) -> [SampleLogFile] {
        var rng = SplitMix64(seed: SplitMix64.mix(0x4845_414C_5448, seed: configuration.seed))
        var files: [String: [(time: Int64, line: String)]] = [:]
        func add(_ prefix: String, node: Int, time: Int64, line: String) {
            files[fileName(prefix, node: node, time: time, rng: &rng), default: []].append((time, line))
        }
        // Health checks.
        let groups = [(httpGroup.name, "http", httpTargets), (httpsGroup.name, "https", httpsTargets)]
        for node in web.nodes.indices {
            for step in 0..<(configuration.minutes * 2) {
                for (group, type, targets) in groups {
                    for (index, target) in targets.enumerated() {
                        let second =
                            Double(step * 30 + (index * 3 + node * 15) % 30) + Double(rng.int(in: 0...999)) / 1000
                        let time = startMicros + Int64(second * 1_000_000)
                        let minute = Int(second / 60)
                        if target == deregisteredTarget && minute >= deregistrationStartMinute { continue }
                        let outcome = healthCheck(target: target, minute: minute, rng: &rng)
                        let fields = [
                            type, UTCTime.iso8601(micros: time), outcome.latency, target, group,
                            outcome.reason == nil ? "PASS" : "FAIL", outcome.reason == nil ? "200" : "-",
                            outcome.reason ?? "-", web.resource, web.nodes[node],
                        ]
                        add("health_check_log", node: node, time: time, line: fields.joined(separator: " "))
                    }
                }
            }
        }
        // Connections of the access log's requests.
        for file in accessFiles where file.path.contains("_app.\(web.name).\(web.id)_") {
            let node = web.nodes.firstIndex { file.path.contains("_\($0)_") } ?? 0
            for line in file.lines {
                let tokens = line.split(separator: " ", omittingEmptySubsequences: false)
                guard tokens.count > 9, let created = Self.micros(iso8601: tokens[tokens.count - 9]) else { continue }
                let handshake = rng.int(in: 2...40)
                let time = created - Int64(handshake) * 1000 - Int64(rng.int(in: 0...400_000))
                let client = tokens[3].split(separator: ":")
                guard client.count == 2, let tid = tokens.last else { continue }
                let fields = [
                    UTCTime.iso8601(micros: time), String(client[0]), String(client[1]), "443", "TLSv1.2",
                    "ECDHE-RSA-AES128-GCM-SHA256", "0.\(UTCTime.pad(handshake, 3))", "\"-\"", "-", "-", "-",
                    String(tid),
                    "X25519", web.resource, web.nodes[node],
                ]
                add("conn_log", node: node, time: time, line: fields.joined(separator: " "))
            }
        }
        // A partner's expired client certificate, rejected by the mutual-TLS listener.
        for attempt in 0..<12 {
            let time = micros(minute: 30, second: Double(attempt * 25) + Double(rng.int(in: 0...999)) / 1000)
            let fields = [
                UTCTime.iso8601(micros: time), attempt % 3 == 2 ? "203.0.113.78" : "203.0.113.77",
                String(rng.int(in: 32768...60999)), "8443", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "-",
                "\"CN=billing.partner.example,O=Example Partner\"",
                "NotBefore=2025-11-01T00:00:00Z;NotAfter=2026-11-01T00:00:00Z", "3A7F09C2", "Failed:ClientCertExpired",
                "TID_\(rng.hex(32))", "X25519", web.resource, web.nodes[attempt % 2],
            ]
            add("conn_log", node: attempt % 2, time: time, line: fields.joined(separator: " "))
        }
        return files.map { path, lines in
            SampleLogFile(
                path: path,
                lines: lines.enumerated().sorted {
                    $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset
                }.map(\.element.line)
            )
        }
        .sorted { $0.path < $1.path }
    }

    /// µs since the epoch of a `2026-11-24T09:00:01.123456Z` the generator wrote.
    static func micros(iso8601 text: Substring) -> Int64? {
        let digits = Array(text.utf8)
        guard digits.count == 27 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in digits[from..<(from + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), let fraction = number(20, 6)
        else { return nil }
        let seconds = UTCTime.epochSeconds(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second
        )
        return seconds * 1_000_000 + Int64(fraction)
    }

    /// What one check of `target` in `minute` shows: its latency and, for a FAIL, the reason code.
    func healthCheck(target: String, minute: Int, rng: inout SplitMix64) -> (latency: String, reason: String?) {
        func seconds(_ micros: Int) -> String { "\(micros / 1_000_000).\(UTCTime.pad(micros % 1_000_000, 6))000" }
        if target == refusedTarget && minute >= refusedWindow.0 && minute < refusedWindow.1 {
            return (seconds(rng.int(in: 300...900)), "ConnectionReset")
        }
        if unreachableTargets.contains(target) && minute >= unreachableWindow.0 && minute < unreachableWindow.1 {
            return (seconds(5_000_000 + rng.int(in: 0...2000)), "TimedOut")
        }
        if target == tlsTarget { return (seconds(5_000_000 + rng.int(in: 0...2000)), "TimedOut") }
        return (seconds(rng.int(in: 1000...9000)), nil)
    }

    /// `AWSLogs/…/<yyyy>/<mm>/<dd>/<prefix>_<account>_elasticloadbalancing_<region>_app.<name>.<id>_<end>_<node>_<random>.log.gz`
    /// for the 5-minute interval holding `time`; the random part is drawn once per file.
    func fileName(_ prefix: String, node: Int, time: Int64, rng: inout SplitMix64) -> String {
        let interval = Int64(300_000_000)
        let end = ((time / interval) + 1) * interval
        let c = UTCTime.civil(end / 1_000_000)
        let stamp =
            "\(UTCTime.pad(c.year, 4))\(UTCTime.pad(c.month, 2))\(UTCTime.pad(c.day, 2))T\(UTCTime.pad(c.hour, 2))\(UTCTime.pad(c.minute, 2))Z"
        var nameRNG = SplitMix64(
            seed: SplitMix64.mix(
                UInt64(end) ^ UInt64(node + 1) ^ UInt64(prefix.utf8.count << 8),
                seed: configuration.seed
            )
        )
        let account = SampleLogGenerator.accountID
        let region = SampleLogGenerator.region
        let dir =
            "AWSLogs/\(account)/elasticloadbalancing/\(region)/\(UTCTime.pad(c.year, 4))/\(UTCTime.pad(c.month, 2))/\(UTCTime.pad(c.day, 2))"
        return
            "\(dir)/\(prefix)_\(account)_elasticloadbalancing_\(region)_app.\(web.name).\(web.id)_\(stamp)_\(web.nodes[node])_\(nameRNG.hex(8)).log.gz"
    }
}
