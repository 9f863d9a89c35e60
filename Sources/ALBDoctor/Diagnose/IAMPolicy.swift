/// The least-privilege IAM policy ALB Doctor needs (`alb-doctor iam-policy`); the same text as
/// `Docs/iam-policy.json` (a test checks they are equal). Replace `REPLACE-WITH-ALB-LOG-BUCKET` with the
/// access-log bucket.
public enum IAMPolicy {
    /// The policy document (JSON, ending with a newline).
    public static let document = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "ReadLoadBalancerConfiguration",
              "Effect": "Allow",
              "Action": [
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes",
                "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeSSLPolicies",
                "elasticloadbalancing:DescribeTags"
              ],
              "Resource": "*"
            },
            {
              "Sid": "ReadMetrics",
              "Effect": "Allow",
              "Action": [
                "cloudwatch:GetMetricData"
              ],
              "Resource": "*"
            },
            {
              "Sid": "ListAccessLogBucket",
              "Effect": "Allow",
              "Action": [
                "s3:ListBucket"
              ],
              "Resource": "arn:aws:s3:::REPLACE-WITH-ALB-LOG-BUCKET"
            },
            {
              "Sid": "ReadAccessLogObjects",
              "Effect": "Allow",
              "Action": [
                "s3:GetObject"
              ],
              "Resource": "arn:aws:s3:::REPLACE-WITH-ALB-LOG-BUCKET/*"
            },
            {
              "Sid": "ReadRecentChanges",
              "Effect": "Allow",
              "Action": [
                "cloudtrail:LookupEvents"
              ],
              "Resource": "*"
            },
            {
              "Sid": "ReadLambdaTargets",
              "Effect": "Allow",
              "Action": [
                "lambda:GetFunctionConfiguration",
                "servicequotas:GetServiceQuota"
              ],
              "Resource": "*"
            },
            {
              "Sid": "ReadNetworkPath",
              "Effect": "Allow",
              "Action": [
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeNetworkAcls",
                "ec2:DescribeSubnets",
                "ec2:DescribeRouteTables",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeInstances"
              ],
              "Resource": "*"
            },
            {
              "Sid": "ReadWorkloadsBehindTargets",
              "Effect": "Allow",
              "Action": [
                "ecs:ListClusters",
                "ecs:ListTasks",
                "ecs:DescribeTasks",
                "ecs:DescribeServices",
                "ecs:DescribeTaskDefinition",
                "autoscaling:DescribeScalingActivities",
                "autoscaling:DescribeLifecycleHooks"
              ],
              "Resource": "*"
            },
            {
              "Sid": "Identity",
              "Effect": "Allow",
              "Action": [
                "sts:GetCallerIdentity"
              ],
              "Resource": "*"
            }
          ]
        }

        """
}
