import ALBDiagnosis
import AWSClients
import Foundation

/// The JSON of a scan (`schema/scan-report.schema.json`): snake_case keys, times in ISO 8601.
extension ScanReport {
    enum CodingKeys: String, CodingKey {
        case title, window, regions
        case tagFilters = "tag_filters"
        case loadBalancers = "load_balancers"
        case apiCalls = "api_calls"
        case metricsRequested = "metrics_requested"
        case getMetricDataCalls = "get_metric_data_calls"
        case cloudWatchCost = "cloudwatch_cost_usd"
        case elapsedSeconds = "elapsed_seconds"
    }

    struct Window: Encodable {
        var start: String
        var end: String
        var periodSeconds: Int
        var since: String

        enum CodingKeys: String, CodingKey {
            case start, end, since
            case periodSeconds = "period_seconds"
        }
    }

    struct Calls: Encodable {
        var total: Int
        var retries: Int
        var byOperation: [String: Int]

        enum CodingKeys: String, CodingKey {
            case total, retries
            case byOperation = "by_operation"
        }
    }

    struct Balancer: Encodable {
        var rank: Int
        var balancer: ScannedLoadBalancer
        var periodSeconds: Int

        enum CodingKeys: String, CodingKey {
            case rank, name, arn, region, tags, requests, errors, verdict, cause, confidence, causes, attribution
            case sparkline
            case elb5xx = "elb_5xx"
            case target5xx = "target_5xx"
            case errorRate = "error_rate"
            case byCode = "elb_by_code"
            case connectionErrors = "target_connection_errors"
            case tlsErrors = "target_tls_negotiation_errors"
            case rejected = "rejected_connections"
            case unhealthy = "unhealthy_hosts_max"
            case perPeriod = "errors_per_period"
            case command = "diagnose_command"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            let verdict = balancer.verdict
            try c.encode(rank, forKey: .rank)
            try c.encode(balancer.name, forKey: .name)
            try c.encode(balancer.arn, forKey: .arn)
            try c.encode(balancer.region, forKey: .region)
            try c.encode(balancer.tags, forKey: .tags)
            try c.encode(verdict.requests, forKey: .requests)
            try c.encode(verdict.errors, forKey: .errors)
            try c.encode(verdict.elb5xx, forKey: .elb5xx)
            try c.encode(verdict.target5xx, forKey: .target5xx)
            try c.encode((verdict.errorRate * 10_000).rounded() / 10_000, forKey: .errorRate)
            var codes: [String: Int] = [:]
            for code in [500, 502, 503, 504] { codes[String(code)] = balancer.total("HTTPCode_ELB_\(code)_Count") }
            try c.encode(codes, forKey: .byCode)
            try c.encode(balancer.total("TargetConnectionErrorCount"), forKey: .connectionErrors)
            try c.encode(balancer.total("TargetTLSNegotiationErrorCount"), forKey: .tlsErrors)
            try c.encode(balancer.total("RejectedConnectionCount"), forKey: .rejected)
            try c.encode(balancer.unhealthyHostsMax, forKey: .unhealthy)
            try c.encode(verdict.summary, forKey: .verdict)
            try c.encode(balancer.worthALook ? verdict.findings.first?.id.rawValue : nil, forKey: .cause)
            try c.encode(balancer.worthALook ? verdict.findings.first?.confidence : nil, forKey: .confidence)
            try c.encode(verdict.findings, forKey: .causes)
            try c.encode(verdict.attribution, forKey: .attribution)
            let perPeriod = balancer.perPeriod
            try c.encode(perPeriod, forKey: .perPeriod)
            try c.encode(ScanReport.sparkline(perPeriod), forKey: .sparkline)
            try c.encode(balancer.worthALook ? balancer.diagnoseCommand : nil, forKey: .command)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encode(
            Window(start: Self.iso(start), end: Self.iso(end), periodSeconds: periodSeconds, since: since),
            forKey: .window
        )
        try c.encode(tags, forKey: .tagFilters)
        try c.encode(regions, forKey: .regions)
        try c.encode(
            loadBalancers.enumerated().map {
                Balancer(rank: $0.offset + 1, balancer: $0.element, periodSeconds: periodSeconds)
            },
            forKey: .loadBalancers
        )
        try c.encode(
            Calls(total: totalCalls, retries: retries, byOperation: calls.mapValues(\.requests)),
            forKey: .apiCalls
        )
        try c.encode(metricsRequested, forKey: .metricsRequested)
        try c.encode(getMetricDataCalls, forKey: .getMetricDataCalls)
        try c.encode((cloudWatchCost * 1_000_000).rounded() / 1_000_000, forKey: .cloudWatchCost)
        try c.encode((elapsedSeconds * 1000).rounded() / 1000, forKey: .elapsedSeconds)
    }
}
