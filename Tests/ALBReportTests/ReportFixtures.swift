import ALBReport

/// A small, fully deterministic analysis built from hand-written lines through the real engine.
enum ReportFixtures {
    static let prefix = "https"
    static func line(
        _ time: String,
        target: String,
        times: String,
        status: String,
        targetStatus: String,
        path: String,
        reason: String = "-",
        group: String = "web"
    ) -> String {
        let arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/\(group)/0123456789abcdef"
        return
            "https 2026-01-01T10:\(time)Z app/shop/0123456789abcdef 198.51.100.7:40000 \(target) \(times) \(status) \(targetStatus) 120 340 \"GET https://shop.example.com:443\(path) HTTP/1.1\" \"curl/8.5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 \(arn) \"Root=1-00000000-000000000000000000000000\" \"shop.example.com\" \"-\" 0 2026-01-01T10:\(time)Z \"forward\" \"-\" \"\(reason)\" \"\(target)\" \"\(targetStatus)\" \"-\" \"-\" TID_00000000000000000000000000000000"
    }

    static var text: String {
        var lines: [String] = []
        for i in 0..<120 {
            let t = String(format2(i / 60)) + ":" + format2(i % 60) + ".000000"
            let target = "10.0.1.\(10 + i % 4):8080"
            lines.append(
                line(
                    t,
                    target: target,
                    times: "0.000 0.020 0.000",
                    status: "200",
                    targetStatus: "200",
                    path: "/items/\(i)"
                )
            )
        }
        for i in 0..<6 {
            lines.append(
                line(
                    "01:\(format2(10 + i)).500000",
                    target: "10.0.1.13:8080",
                    times: "-1 -1 -1",
                    status: "502",
                    targetStatus: "-",
                    path: "/"
                )
            )
        }
        for i in 0..<3 {
            lines.append(
                line(
                    "00:\(format2(20 + i)).250000",
                    target: "10.0.1.10:8080",
                    times: "0.001 0.400 0.000",
                    status: "502",
                    targetStatus: "502",
                    path: "/pay|ment/\(i)"
                )
            )
        }
        return lines.sorted().joined(separator: "\n") + "\n"
    }

    static func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static var report: AnalysisReport {
        let (logs, scan) = InMemoryScan.aggregate(text, source: "fixture.log")
        return AnalysisReport(diagnosis: Diagnosis(logs: logs), scan: scan, inputs: ["fixture.log"])
    }
}

/// A report that uses every block kind, like the capture/probe reports other commands render.
struct BlocksReport: RenderableReport {
    var title = "Every block"
    var schemaVersion = 3
    var findings: [Finding] = [
        Finding(
            id: .targetKeepaliveTimeout,
            confidence: 0.8,
            count: 12,
            evidence: [
                Evidence(
                    source: .packetCapture,
                    summary: "FIN from the target 4 ms before the request",
                    details: ["port": "8080"],
                    examples: ["\\x16\\x03 | raw"]
                )
            ],
            confirm: ["check *keepalive_timeout*"],
            fix: ["raise it"],
            alternatives: [.targetRefusedConnection]
        ),
        Finding(id: .targetRefusedConnection, confidence: 0.3, count: 2),
    ]
    var sections: [ReportSection] {
        [
            ReportSection(
                title: "Input",
                placement: .beforeFindings,
                blocks: [
                    .keyValues([ReportKeyValue("File", "a.pcap"), ReportKeyValue("Packets", "10", emphasis: .bad)])
                ]
            ),
            ReportSection(
                title: "Details",
                blocks: [
                    .paragraph("A paragraph with a | pipe."),
                    .bullets(["one", "two"]),
                    .table(
                        ReportTable(
                            caption: "cap",
                            columns: [.init("name"), .init("n", alignment: .right)],
                            rows: [["a|b", "1"], ["c"]],
                            note: "1 more"
                        )
                    ),
                    .verbatim(caption: "bytes", lines: ["GET / HTTP/1.1", "x ``` y"]),
                    .timeline(
                        ReportTimeline(
                            valueName: "errors",
                            totalName: "all",
                            points: [
                                .init(label: "10:00", value: 3, total: 10), .init(label: "10:01", value: 0, total: 9),
                            ]
                        )
                    ),
                ]
            ),
        ]
    }
    enum CodingKeys: String, CodingKey { case title, findings }
}
