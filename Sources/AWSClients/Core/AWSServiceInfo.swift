/// How to reach and sign for one AWS service.
public struct AWSServiceInfo: Sendable, Hashable {
    /// The SigV4 signing name (`monitoring`, `s3`, `elasticloadbalancing`, `servicequotas`, …).
    public var signingName: String
    /// The host prefix of the regional endpoint (`monitoring` → `monitoring.us-east-1.amazonaws.com`).
    public var endpointPrefix: String
    /// The service id as used in `AWS_ENDPOINT_URL_<ID>` (uppercase, spaces as `_`).
    public var endpointEnvironmentID: String
    /// The service id as used in the config file's `services` section (lowercase, spaces as `_`).
    public var configID: String
    /// The IAM action prefix (`elasticloadbalancing`, `cloudwatch`, `s3`, …).
    public var iamPrefix: String
    /// The API version (Query protocols) or target prefix (JSON protocols).
    public var apiVersion: String

    /// Creates a service description.
    public init(
        signingName: String,
        endpointPrefix: String,
        endpointEnvironmentID: String,
        iamPrefix: String,
        apiVersion: String
    ) {
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.endpointEnvironmentID = endpointEnvironmentID
        self.configID = endpointEnvironmentID.lowercased()
        self.iamPrefix = iamPrefix
        self.apiVersion = apiVersion
    }

    /// Amazon CloudWatch (JSON 1.0, target prefix `GraniteServiceVersion20100801`).
    public static let cloudWatch = AWSServiceInfo(
        signingName: "monitoring",
        endpointPrefix: "monitoring",
        endpointEnvironmentID: "CLOUDWATCH",
        iamPrefix: "cloudwatch",
        apiVersion: "GraniteServiceVersion20100801"
    )
    /// Amazon S3 (REST-XML).
    public static let s3 = AWSServiceInfo(
        signingName: "s3",
        endpointPrefix: "s3",
        endpointEnvironmentID: "S3",
        iamPrefix: "s3",
        apiVersion: "2006-03-01"
    )
    /// Elastic Load Balancing v2 (Query, 2015-12-01).
    public static let elbv2 = AWSServiceInfo(
        signingName: "elasticloadbalancing",
        endpointPrefix: "elasticloadbalancing",
        endpointEnvironmentID: "ELASTIC_LOAD_BALANCING_V2",
        iamPrefix: "elasticloadbalancing",
        apiVersion: "2015-12-01"
    )
    /// AWS CloudTrail (JSON 1.1).
    public static let cloudTrail = AWSServiceInfo(
        signingName: "cloudtrail",
        endpointPrefix: "cloudtrail",
        endpointEnvironmentID: "CLOUDTRAIL",
        iamPrefix: "cloudtrail",
        apiVersion: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
    )
    /// AWS Lambda (REST-JSON).
    public static let lambda = AWSServiceInfo(
        signingName: "lambda",
        endpointPrefix: "lambda",
        endpointEnvironmentID: "LAMBDA",
        iamPrefix: "lambda",
        apiVersion: "2015-03-31"
    )
    /// Service Quotas (JSON 1.1).
    public static let serviceQuotas = AWSServiceInfo(
        signingName: "servicequotas",
        endpointPrefix: "servicequotas",
        endpointEnvironmentID: "SERVICE_QUOTAS",
        iamPrefix: "servicequotas",
        apiVersion: "ServiceQuotasV20190624"
    )
    /// Amazon EC2 (EC2 Query, 2016-11-15).
    public static let ec2 = AWSServiceInfo(
        signingName: "ec2",
        endpointPrefix: "ec2",
        endpointEnvironmentID: "EC2",
        iamPrefix: "ec2",
        apiVersion: "2016-11-15"
    )
    /// Amazon ECS (JSON 1.1, target prefix `AmazonEC2ContainerServiceV20141113`).
    public static let ecs = AWSServiceInfo(
        signingName: "ecs",
        endpointPrefix: "ecs",
        endpointEnvironmentID: "ECS",
        iamPrefix: "ecs",
        apiVersion: "AmazonEC2ContainerServiceV20141113"
    )
    /// Amazon EC2 Auto Scaling (Query, 2011-01-01).
    public static let autoScaling = AWSServiceInfo(
        signingName: "autoscaling",
        endpointPrefix: "autoscaling",
        endpointEnvironmentID: "AUTO_SCALING",
        iamPrefix: "autoscaling",
        apiVersion: "2011-01-01"
    )
    /// AWS STS (Query, 2011-06-15), regional endpoints.
    public static let sts = AWSServiceInfo(
        signingName: "sts",
        endpointPrefix: "sts",
        endpointEnvironmentID: "STS",
        iamPrefix: "sts",
        apiVersion: "2011-06-15"
    )
    /// AWS IAM (Query, 2010-05-08); used by tests to create roles in the emulator.
    public static let iam = AWSServiceInfo(
        signingName: "iam",
        endpointPrefix: "iam",
        endpointEnvironmentID: "IAM",
        iamPrefix: "iam",
        apiVersion: "2010-05-08"
    )
}
