/// The IAM actions the AWS layer's clients call, for documentation and for checking `Docs/iam-policy.json`.
public enum AWSIAMActions {
    /// Every action a diagnosis may need, by client.
    public static let required: [String] = [
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeSSLPolicies",
        "cloudwatch:GetMetricData",
        "s3:ListBucket",
        "s3:GetObject",
        "cloudtrail:LookupEvents",
        "lambda:GetFunctionConfiguration",
        "servicequotas:GetServiceQuota",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeNetworkAcls",
        "ec2:DescribeSubnets",
        "ec2:DescribeRouteTables",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeInstances",
        "sts:GetCallerIdentity",
        "ecs:ListClusters",
        "ecs:ListTasks",
        "ecs:DescribeTasks",
        "ecs:DescribeServices",
        "ecs:DescribeTaskDefinition",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeLifecycleHooks",
    ]
}
