/// The documented Lambda `error_reason` codes of ALB access logs: meaning and what to do.
public enum LambdaErrorCatalog {
    /// One code.
    public struct Entry: Sendable, Hashable {
        public var code: String
        /// What it means, in our words.
        public var meaning: String
        /// Which metric counts it: `LambdaUserError` or `LambdaInternalError`.
        public var metric: String
        /// What to change.
        public var fix: String
        /// The cause it maps to.
        public var cause: CauseID
    }

    /// Every documented code.
    public static let entries: [Entry] = [
        Entry(
            code: "LambdaAccessDenied",
            meaning: "the load balancer is not allowed to invoke the function",
            metric: "LambdaUserError",
            fix:
                "add a resource-based policy on the function allowing elasticloadbalancing.amazonaws.com to call lambda:InvokeFunction for this target group",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaBadRequest",
            meaning: "the client request's headers or body are not valid UTF-8",
            metric: "LambdaUserError",
            fix: "have clients send UTF-8, or accept binary bodies as base64",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaConnectionError",
            meaning: "the load balancer could not connect to Lambda",
            metric: "LambdaInternalError",
            fix: "transient on the AWS side; retry and open a support case if it persists",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaConnectionTimeout",
            meaning: "connecting to Lambda timed out",
            metric: "LambdaInternalError",
            fix: "transient on the AWS side; retry and open a support case if it persists",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaEC2AccessDeniedException",
            meaning: "EC2 denied Lambda while setting up the function's VPC networking",
            metric: "LambdaUserError",
            fix:
                "give the function's execution role the EC2 network-interface permissions (AWSLambdaVPCAccessExecutionRole)",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaEC2ThrottledException",
            meaning: "EC2 throttled Lambda while setting up the function's VPC networking",
            metric: "LambdaUserError",
            fix: "reduce function churn in the VPC or ask AWS to raise the EC2 API limits",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaEC2UnexpectedException",
            meaning: "EC2 failed unexpectedly while setting up the function's VPC networking",
            metric: "LambdaUserError",
            fix: "retry; open a support case if it persists",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaENILimitReachedException",
            meaning: "no network interface could be created in the function's VPC",
            metric: "LambdaUserError",
            fix: "raise the ENI quota or free interfaces in the VPC",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaInvalidResponse",
            meaning: "the function's response is not valid JSON or lacks statusCode / headers / isBase64Encoded",
            metric: "LambdaUserError",
            fix:
                "return {\"statusCode\": n, \"headers\": {...}, \"isBase64Encoded\": false, \"body\": \"...\"} from every code path, including errors",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaInvalidRuntimeException",
            meaning: "the function's runtime version is not supported",
            metric: "LambdaUserError",
            fix: "move the function to a supported runtime",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaInvalidSecurityGroupIDException",
            meaning: "the function configuration names a security group that does not exist",
            metric: "LambdaUserError",
            fix: "fix the function's VPC security group ids",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaInvalidSubnetIDException",
            meaning: "the function configuration names a subnet that does not exist",
            metric: "LambdaUserError",
            fix: "fix the function's VPC subnet ids",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaInvalidZipFileException",
            meaning: "Lambda could not unzip the function's deployment package",
            metric: "LambdaUserError",
            fix: "redeploy a valid package",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaKMSAccessDeniedException",
            meaning: "the function may not use the KMS key of its environment variables",
            metric: "LambdaUserError",
            fix: "allow kms:Decrypt on that key for the function's role",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaKMSDisabledException",
            meaning: "the KMS key of the function's environment variables is disabled",
            metric: "LambdaUserError",
            fix: "enable the key or re-encrypt with an enabled one",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaKMSInvalidStateException",
            meaning: "the KMS key of the function's environment variables is in an invalid state",
            metric: "LambdaUserError",
            fix: "restore the key or re-encrypt with a usable one",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaKMSNotFoundException",
            meaning: "the KMS key of the function's environment variables does not exist",
            metric: "LambdaUserError",
            fix: "point the function at an existing key",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaRequestTooLarge",
            meaning: "the request body exceeded 1 MB (the load balancer answers 413)",
            metric: "LambdaUserError",
            fix: "upload large payloads elsewhere (e.g. to S3 with a pre-signed URL)",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaResourceNotFound",
            meaning: "the function no longer exists",
            metric: "LambdaUserError",
            fix: "register an existing function (or alias) in the target group",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaResponseTooLarge",
            meaning: "the function's response exceeded 1 MB",
            metric: "LambdaUserError",
            fix: "keep responses under 1 MB",
            cause: .lambdaResponseTooLarge
        ),
        Entry(
            code: "LambdaServiceException",
            meaning: "Lambda had an internal error",
            metric: "LambdaInternalError",
            fix: "retry; open a support case if it persists",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaSubnetIPAddressLimitReachedException",
            meaning: "the function's subnets have no free IP addresses",
            metric: "LambdaUserError",
            fix: "add larger or more subnets to the function's VPC configuration",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaThrottling",
            meaning: "Lambda throttled the function",
            metric: "LambdaUserError",
            fix: "raise concurrency",
            cause: .lambdaThrottled
        ),
        Entry(
            code: "LambdaUnhandled",
            meaning: "the function raised an unhandled error or timed out",
            metric: "LambdaUserError",
            fix: "handle errors and stay within the timeout",
            cause: .lambdaUnhandled
        ),
        Entry(
            code: "LambdaUnhandledException",
            meaning: "the load balancer hit an internal error invoking Lambda",
            metric: "LambdaInternalError",
            fix: "retry; open a support case if it persists",
            cause: .lambdaError
        ),
        Entry(
            code: "LambdaWebsocketNotSupported",
            meaning: "a WebSocket upgrade was sent to a Lambda target, which does not support it",
            metric: "LambdaUserError",
            fix: "route WebSocket traffic to instance or IP targets",
            cause: .lambdaError
        ),
    ]

    /// The entry for a code, if documented.
    public static func entry(_ code: String) -> Entry? { entries.first { $0.code == code } }

    /// The cause a Lambda code maps to (undocumented codes → `lambda-error`).
    public static func cause(of code: String) -> CauseID { entry(code)?.cause ?? .lambdaError }
}
