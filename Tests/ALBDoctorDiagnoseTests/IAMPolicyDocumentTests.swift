import ALBDoctor
import Foundation
import Testing

/// `alb-doctor iam-policy` prints the policy embedded in the library; it must be Docs/iam-policy.json exactly.
@Suite struct IAMPolicyDocumentTests {
    @Test func embeddedPolicyEqualsTheDocsFile() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docs/iam-policy.json")
        let file = try String(contentsOf: docs, encoding: .utf8)
        #expect(IAMPolicy.document == file)
        let parsed = try JSONSerialization.jsonObject(with: Data(IAMPolicy.document.utf8)) as? [String: Any]
        let statements = parsed?["Statement"] as? [[String: Any]] ?? []
        let actions = Set(statements.flatMap { $0["Action"] as? [String] ?? [] })
        for needed in [
            "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTargetGroupAttributes",
            "cloudwatch:GetMetricData", "cloudtrail:LookupEvents",
            // scan: the load balancers, their tags (--tag) and target groups, and one GetMetricData per 500 queries.
            "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTargetGroups", "s3:ListBucket",
            "s3:GetObject",
            // --engine athena: the four query calls, the table's Glue reads, the results bucket.
            "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
            "athena:StopQueryExecution", "glue:GetTable", "glue:GetDatabase", "s3:PutObject",
            "ec2:DescribeNetworkInterfaces", "ecs:ListTasks", "ecs:DescribeTasks", "ecs:DescribeServices",
            "autoscaling:DescribeScalingActivities", "autoscaling:DescribeLifecycleHooks",
        ] {
            #expect(actions.contains(needed), "\(needed)")
        }
        let resources = statements.flatMap { ($0["Resource"] as? [String]) ?? [($0["Resource"] as? String) ?? ""] }
        #expect(resources.contains("arn:aws:s3:::REPLACE-WITH-ATHENA-RESULTS-BUCKET/*"))
        // diagnose reads the health-check and connection logs where their attributes put them: list and read there.
        for bucket in ["ALB-LOG-BUCKET", "ALB-HEALTH-CHECK-LOG-BUCKET", "ALB-CONNECTION-LOG-BUCKET"] {
            for (sid, resource) in [
                ("ListLoadBalancerLogBuckets", "arn:aws:s3:::REPLACE-WITH-\(bucket)"),
                ("ReadLoadBalancerLogObjects", "arn:aws:s3:::REPLACE-WITH-\(bucket)/*"),
            ] {
                let statement = statements.first { $0["Sid"] as? String == sid }
                #expect((statement?["Resource"] as? [String])?.contains(resource) == true, "\(sid): \(resource)")
            }
        }
    }
}
