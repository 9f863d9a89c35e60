/// The least-privilege IAM policy ALB Doctor needs (`alb-doctor iam-policy`); the same text as
/// `Docs/iam-policy.json` (a test checks they are equal). Replace `REPLACE-WITH-ALB-LOG-BUCKET` with the
/// access-log bucket, `REPLACE-WITH-ALB-HEALTH-CHECK-LOG-BUCKET` and `REPLACE-WITH-ALB-CONNECTION-LOG-BUCKET` with the
/// buckets of the health-check and connection logs (`health_check_logs.s3.bucket`, `connection_logs.s3.bucket`; the
/// access-log bucket again when they share it), and `REPLACE-WITH-ATHENA-RESULTS-BUCKET` with the Athena query-results bucket (only
/// `--engine athena` and `athena setup` use the Athena, Glue and results-bucket statements).
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
              "Sid": "ListLoadBalancerLogBuckets",
              "Effect": "Allow",
              "Action": [
                "s3:ListBucket",
                "s3:GetBucketLocation"
              ],
              "Resource": [
                "arn:aws:s3:::REPLACE-WITH-ALB-LOG-BUCKET",
                "arn:aws:s3:::REPLACE-WITH-ALB-HEALTH-CHECK-LOG-BUCKET",
                "arn:aws:s3:::REPLACE-WITH-ALB-CONNECTION-LOG-BUCKET"
              ]
            },
            {
              "Sid": "ReadLoadBalancerLogObjects",
              "Effect": "Allow",
              "Action": [
                "s3:GetObject"
              ],
              "Resource": [
                "arn:aws:s3:::REPLACE-WITH-ALB-LOG-BUCKET/*",
                "arn:aws:s3:::REPLACE-WITH-ALB-HEALTH-CHECK-LOG-BUCKET/*",
                "arn:aws:s3:::REPLACE-WITH-ALB-CONNECTION-LOG-BUCKET/*"
              ]
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
              "Sid": "QueryAccessLogsWithAthena",
              "Effect": "Allow",
              "Action": [
                "athena:StartQueryExecution",
                "athena:GetQueryExecution",
                "athena:GetQueryResults",
                "athena:StopQueryExecution"
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
              "Sid": "ReadAthenaTable",
              "Effect": "Allow",
              "Action": [
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetPartitions"
              ],
              "Resource": "*"
            },
            {
              "Sid": "CreateAthenaTableForSetup",
              "Effect": "Allow",
              "Action": [
                "glue:CreateDatabase",
                "glue:CreateTable"
              ],
              "Resource": "*"
            },
            {
              "Sid": "WriteAthenaQueryResults",
              "Effect": "Allow",
              "Action": [
                "s3:GetBucketLocation",
                "s3:ListBucket",
                "s3:GetObject",
                "s3:PutObject",
                "s3:AbortMultipartUpload"
              ],
              "Resource": [
                "arn:aws:s3:::REPLACE-WITH-ATHENA-RESULTS-BUCKET",
                "arn:aws:s3:::REPLACE-WITH-ATHENA-RESULTS-BUCKET/*"
              ]
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
