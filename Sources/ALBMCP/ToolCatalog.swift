import ALBDoctor
import MCP

/// The tools the server offers, with their JSON-schema inputs. The names and argument names are a contract
/// (Docs/MCP.md lists them).
public enum ToolCatalog {
    /// Tool names.
    public enum Name: String, Sendable, CaseIterable {
        case analyzeLogs = "analyze_logs"
        case diagnoseLoadBalancer = "diagnose_load_balancer"
        case scanFleet = "scan_fleet"
        case watchSnapshot = "watch_snapshot"
        case recordsQuery = "records_query"
        case analyzeCapture = "analyze_capture"
        case probeTarget = "probe_target"
        case explainCause = "explain_cause"
        case iamPolicy = "iam_policy"
    }

    /// The argument names each tool accepts.
    public static func arguments(_ name: Name) -> [String] {
        switch name {
        case .analyzeLogs: ["paths", "since", "until", "status", "kube_pods", "pcaps", "region", "profile"]
        case .diagnoseLoadBalancer:
            [
                "load_balancer", "since", "start", "end", "region", "profile", "status", "logs", "kube_pods", "pcaps",
                "engine", "athena_max_scan_gb", "athena_workgroup", "athena_output_location", "athena_database",
                "athena_table",
            ]
        case .scanFleet: ["regions", "all_regions", "since", "tags", "profile"]
        case .watchSnapshot: ["load_balancer", "minutes", "region", "profile", "status"]
        case .recordsQuery: ["paths", "status", "target", "path", "since", "until", "limit"]
        case .analyzeCapture: ["paths", "target_port", "idle_timeout", "backend_policy"]
        case .probeTarget:
            [
                "urls", "load_balancer", "idle_timeout", "backend_policy", "quick", "connect_timeout", "region",
                "profile",
            ]
        case .explainCause: ["cause"]
        case .iamPolicy: []
        }
    }

    /// Every tool, as listed to clients.
    public static func tools(configuration: MCPServerConfiguration) -> [Tool] {
        Name.allCases.map { tool($0, configuration: configuration) }
    }

    static func string(_ description: String) -> Value {
        .object(["type": .string("string"), "description": .string(description)])
    }

    static func strings(_ description: String, minItems: Int? = nil) -> Value {
        var schema: [String: Value] = [
            "type": .string("array"), "items": .object(["type": .string("string")]),
            "description": .string(description),
        ]
        if let minItems { schema["minItems"] = .int(minItems) }
        return .object(schema)
    }

    static func number(_ description: String, minimum: Double? = nil, maximum: Double? = nil) -> Value {
        var schema: [String: Value] = ["type": .string("number"), "description": .string(description)]
        if let minimum { schema["minimum"] = .double(minimum) }
        if let maximum { schema["maximum"] = .double(maximum) }
        return .object(schema)
    }

    static func integer(_ description: String, minimum: Int, maximum: Int) -> Value {
        .object([
            "type": .string("integer"), "description": .string(description), "minimum": .int(minimum),
            "maximum": .int(maximum),
        ])
    }

    static func object(_ properties: [String: Value], required: [String] = []) -> Value {
        var schema: [String: Value] = [
            "type": .string("object"), "properties": .object(properties), "additionalProperties": .bool(false),
        ]
        if !required.isEmpty { schema["required"] = .array(required.map(Value.string)) }
        return .object(schema)
    }

    static let statusHelp =
        "Status codes to explain, as the CLI's --status: 502, a list such as 502,504, a class (5xx, 4xx), all-elb or target-5xx. Default: the codes the logs hold."
    static let windowHelp = "ISO 8601 time (2024-05-01T12:00:00Z) or a duration before now (30m, 2h, 7d)."

    static func tool(_ name: Name, configuration: MCPServerConfiguration) -> Tool {
        let readOnly = Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true)
        switch name {
        case .analyzeLogs:
            return Tool(
                name: name.rawValue,
                title: "Analyze ALB access logs",
                description:
                    "Who produced the 5xx in ALB access logs, why, the evidence and the fix: the report of `alb-doctor analyze --format json` (schema/analyze-report.schema.json). Reads local files (plain or .gz, directories in the S3 layout) inside the allowed directories, or s3://bucket/prefix with the server's AWS credentials. Read-only.",
                inputSchema: object(
                    [
                        "paths": strings(
                            "Access-log files, directories, or s3://bucket/prefix (local paths inside the allowed roots).",
                            minItems: 1
                        ),
                        "since": string("Only records at or after this time. " + windowHelp),
                        "until": string("Only records before this time. " + windowHelp),
                        "status": string(statusHelp),
                        "kube_pods": strings(
                            "Files with `kubectl get pods -A -o json`: names the pods behind the targets."
                        ),
                        "pcaps": strings("Packet captures taken at the target, merged into the causes."),
                        "region": string("AWS region for s3:// paths."),
                        "profile": string("AWS profile for s3:// paths."),
                    ],
                    required: ["paths"]
                ),
                annotations: readOnly
            )
        case .diagnoseLoadBalancer:
            return Tool(
                name: name.rawValue,
                title: "Diagnose a load balancer",
                description:
                    "The whole AWS 5xx procedure for one load balancer and window: CloudWatch metrics, configuration, CloudTrail, the network path and the access logs; the report of `alb-doctor diagnose --format json` (schema/diagnose-report.schema.json). Read-only AWS calls with the server's credentials; what cannot be read is listed in missing_evidence with the IAM action, never fatal. engine=athena runs SQL on Athena (billed per byte scanned) and needs the server flag --allow-athena"
                    + (configuration.allowAthena ? " (enabled)." : " (disabled on this server)."),
                inputSchema: object(
                    [
                        "load_balancer": string("The load balancer's name or ARN."),
                        "since": string(
                            "Diagnose from this long before now (30m, 2h) or this ISO 8601 time (default 1h)."
                        ),
                        "start": string("Start of the window (ISO 8601), with end."),
                        "end": string("End of the window (ISO 8601; default now)."),
                        "region": string("AWS region (default: the ARN's, AWS_REGION, the profile's)."),
                        "profile": string("AWS profile."),
                        "status": string(statusHelp),
                        "logs": strings("Local access logs instead of the load balancer's S3 bucket."),
                        "kube_pods": strings("Files with `kubectl get pods -A -o json`."),
                        "pcaps": strings("Packet captures taken at the target."),
                        "engine": .object([
                            "type": .string("string"), "enum": .array([.string("local"), .string("athena")]),
                            "description": .string(
                                "local (default): read the logs here; athena: SQL on Athena (costs money)."
                            ),
                        ]),
                        "athena_max_scan_gb": number(
                            "With engine=athena, required: stop once the queries scanned this many GB (the cost cap).",
                            minimum: 0.001
                        ),
                        "athena_workgroup": string("Athena workgroup."),
                        "athena_output_location": string("s3:// location for query results."),
                        "athena_database": string("Database of the access-log table (default: default)."),
                        "athena_table": string("The access-log table (default: alb_access_logs)."),
                    ],
                    required: ["load_balancer"]
                ),
                annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, openWorldHint: true)
            )
        case .scanFleet:
            return Tool(
                name: name.rawValue,
                title: "Scan the fleet of load balancers",
                description:
                    "Every Application Load Balancer in the regions ranked by its 5xx from CloudWatch alone, each with a verdict from the metrics (low confidence: diagnose decides), a per-period sparkline and the `diagnose` command for the ones worth a look; the API calls made and the CloudWatch cost (US$ 0.01 per 1,000 metrics). The report of `alb-doctor scan --format json` (schema/scan-report.schema.json). Read-only AWS calls with the server's credentials (DescribeLoadBalancers, DescribeTargetGroups, GetMetricData; DescribeTags with tags); a region the credentials may not read is named in regions[], never fatal. Call it first when the load balancer is not known, then diagnose_load_balancer on the top ones.",
                inputSchema: object(
                    [
                        "regions": strings("Regions to scan (default: the configured region)."),
                        "all_regions": .object([
                            "type": .string("boolean"),
                            "description": .string(
                                "Scan every region enabled by default in an account (opt-in regions only through regions)."
                            ),
                        ]),
                        "since": string(
                            "Scan from this long before now (30m, 2h, 1d) or this ISO 8601 time (default 1h)."
                        ),
                        "tags": strings("Only load balancers carrying every one of these tags, each KEY=VALUE."),
                        "profile": string("AWS profile."),
                    ]
                ),
                annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, openWorldHint: true)
            )
        case .watchSnapshot:
            return Tool(
                name: name.rawValue,
                title: "Is it still happening? One watch refresh",
                description:
                    "One refresh of `alb-doctor watch`: the diagnose report of the last `minutes` (schema/diagnose-report.schema.json, under `report`) and how it differs from the `minutes` before: 5xx per minute now and before, each cause appeared/rising/falling/unchanged with both counts, causes gone, targets whose 502s stopped or started (at most 20 named), and the change lines. Call it again during an incident (after a rollback, a fix) instead of re-reading the whole diagnosis. Read-only AWS calls with the server's credentials (the two windows are diagnosed as `diagnose --start --end`); missing permissions are listed, never fatal. ALB delivers access logs every 5 minutes: the last minutes may have no log line yet.",
                inputSchema: object(
                    [
                        "load_balancer": string("The load balancer's name or ARN."),
                        "minutes": integer(
                            "The length of the last window and of the one it is compared with (default 15).",
                            minimum: 1,
                            maximum: WatchSnapshot.maximumMinutes
                        ),
                        "region": string("AWS region (default: the ARN's, AWS_REGION, the profile's)."),
                        "profile": string("AWS profile."),
                        "status": string(statusHelp),
                    ],
                    required: ["load_balancer"]
                ),
                annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, openWorldHint: true)
            )
        case .recordsQuery:
            return Tool(
                name: name.rawValue,
                title: "Sample parsed access-log records",
                description:
                    "A filtered, bounded sample of parsed access-log records (the objects of `alb-doctor records`, keyed by the AWS field names): by status, target, path prefix and window; at most `limit` records (≤ 1000) and 256 KB, with the count of all matches. Read-only.",
                inputSchema: object(
                    [
                        "paths": strings(
                            "Local access-log files or directories inside the allowed roots.",
                            minItems: 1
                        ),
                        "status": .object([
                            "type": .string("array"), "items": .object(["type": .string("integer")]),
                            "description": .string("Only these elb_status_code values."),
                        ]),
                        "target": string("Only this target ip:port, or every port of this IP."),
                        "path": string("Only requests whose URL path starts with this."),
                        "since": string("Only records at or after this time. " + windowHelp),
                        "until": string("Only records before this time. " + windowHelp),
                        "limit": integer(
                            "At most this many records (default 50).",
                            minimum: 1,
                            maximum: RecordsSample.maximumLimit
                        ),
                    ],
                    required: ["paths"]
                ),
                annotations: readOnly
            )
        case .analyzeCapture:
            return Tool(
                name: name.rawValue,
                title: "Analyze a packet capture",
                description:
                    "Names the cause a tcpdump capture taken on a target shows (pcap, pcapng, .gz): the report of `alb-doctor pcap --format json` (schema/pcap-report.schema.json). Read-only.",
                inputSchema: object(
                    [
                        "paths": strings("Capture files inside the allowed roots.", minItems: 1),
                        "target_port": integer(
                            "The target's port (only these connections).",
                            minimum: 1,
                            maximum: 65535
                        ),
                        "idle_timeout": number(
                            "The load balancer's idle timeout in seconds (default 60).",
                            minimum: 1,
                            maximum: 4000
                        ),
                        "backend_policy": string("ELB security policy towards HTTPS targets."),
                    ],
                    required: ["paths"]
                ),
                annotations: readOnly
            )
        case .probeTarget:
            return Tool(
                name: name.rawValue,
                title: "Probe targets like the load balancer",
                description:
                    "Sends live requests to targets the way the load balancer does (connect, TLS, one GET, keep-alive wait): the report of `alb-doctor probe --format json` (schema/probe-report.schema.json). Active: needs the server flag --allow-probes"
                    + (configuration.allowProbes ? " (enabled)" : " (disabled on this server)")
                    + ". Cost: one connection and one GET per target, no AWS charge; quick=false waits up to idle timeout + 2 s.",
                inputSchema: object(
                    [
                        "urls": strings("Target URLs, e.g. http://10.0.3.17:8080/health."),
                        "load_balancer": string(
                            "Also probe every target registered with this load balancer (name or ARN)."
                        ),
                        "idle_timeout": number("Load balancer idle timeout in seconds.", minimum: 1, maximum: 4000),
                        "backend_policy": string("Back-end TLS policy offered to https targets."),
                        "quick": .object([
                            "type": .string("boolean"),
                            "description": .string("Skip the keep-alive wait (default true)."),
                        ]),
                        "connect_timeout": number(
                            "TCP connect timeout in seconds (default 10).",
                            minimum: 0.1,
                            maximum: 60
                        ),
                        "region": string("AWS region for load_balancer."),
                        "profile": string("AWS profile for load_balancer."),
                    ]
                ),
                annotations: Tool.Annotations(readOnlyHint: false, destructiveHint: false, openWorldHint: true)
            )
        case .explainCause:
            return Tool(
                name: name.rawValue,
                title: "Explain a cause id",
                description:
                    "What a cause id of the reports means, how it is confirmed, the fix and the AWS documentation it rests on.",
                inputSchema: object(
                    [
                        "cause": .object([
                            "type": .string("string"), "enum": .array(CauseID.allCases.map { .string($0.rawValue) }),
                            "description": .string("A cause id, as in causes[].id."),
                        ])
                    ],
                    required: ["cause"]
                ),
                annotations: readOnly
            )
        case .iamPolicy:
            return Tool(
                name: name.rawValue,
                title: "IAM policy",
                description:
                    "The least-privilege IAM policy alb-doctor needs (`alb-doctor iam-policy`); replace the REPLACE-WITH-… bucket names.",
                inputSchema: object([:]),
                annotations: readOnly
            )
        }
    }
}
