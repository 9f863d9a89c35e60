import ALBDoctor

/// What one cause id means, how it is confirmed, how it is fixed and the AWS documentation it rests on: the
/// answer of `explain_cause`. The switch over ``CauseID`` is exhaustive, so a new cause does not compile until
/// it has its reference here too.
public struct CauseReference: Sendable, Hashable, Encodable {
    /// The cause id (`causes[].id` in the reports).
    public var id: CauseID
    /// Its title (the registry's `Cause.title`).
    public var title: String
    /// The status codes it explains.
    public var statusCodes: [Int]
    /// What happened between the load balancer and the target.
    public var meaning: String
    /// What confirms it beyond the access logs.
    public var howConfirmed: [String]
    /// What to change.
    public var fix: [String]
    /// The AWS documentation pages it rests on.
    public var awsDocs: [String]

    enum CodingKeys: String, CodingKey {
        case id, title, meaning, fix
        case statusCodes = "status_codes"
        case howConfirmed = "how_confirmed"
        case awsDocs = "aws_docs"
    }

    /// The reference of `id`.
    public init(_ id: CauseID) {
        self.id = id
        let cause = id.cause
        title = cause.title
        statusCodes = cause.statusCodes.sorted()
        let text = CauseReference.text(id)
        meaning = text.meaning
        howConfirmed = text.confirm
        fix = text.fix
        awsDocs = text.docs.map { CauseReference.docsBase + $0 }
    }

    static let docsBase = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    static let troubleshooting = "load-balancer-troubleshooting.html"
    static let accessLogs = "load-balancer-access-logs.html"
    static let metrics = "load-balancer-cloudwatch-metrics.html"

    static func text(_ id: CauseID) -> (meaning: String, confirm: [String], fix: [String], docs: [String]) {
        let t = troubleshooting
        switch id {
        case .targetRefusedConnection:
            return (
                "The target answered the load balancer's TCP SYN with a RST: nothing listened on the target port (process down, restarting, wrong port), so the load balancer answered 502 without sending the request.",
                [
                    "CloudWatch TargetConnectionErrorCount rises at the same minutes.",
                    "probe_target on the target's ip:port reports 'refused'; a capture on the target shows SYN answered by RST.",
                ],
                [
                    "Make the application listen on the registered port before the target passes health checks; check the port mapping of the target group."
                ],
                [t + "#http-502-issues", metrics]
            )
        case .targetUnreachable:
            return (
                "The load balancer could not reach the target at all (no answer to the SYN, ICMP unreachable): security groups, network ACLs, routes or a stopped instance.",
                [
                    "TargetConnectionErrorCount rises; the network-path check of diagnose_load_balancer (security groups, NACLs incl. the ephemeral return ports, routes) names the rule.",
                    "probe_target from inside the VPC times out or gets 'unreachable'.",
                ],
                [
                    "Allow the load balancer's security group to the target port, and the NACL return path 1024-65535; fix the route table."
                ],
                [t + "#http-502-issues", "target-group-register-targets.html#target-security-groups"]
            )
        case .targetTLSHandshakeFailed:
            return (
                "TCP connected, but the TLS handshake to an HTTPS target failed (no common protocol or cipher with the load balancer's back-end policy, or the target's certificate setup).",
                [
                    "CloudWatch TargetTLSNegotiationErrorCount rises.",
                    "probe_target with https:// shows the handshake alert; a capture shows the TLS alert.",
                ],
                [
                    "Offer on the target a protocol and cipher of the ELB back-end policy (TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256 fits all)."
                ],
                [t + "#http-502-issues", "create-https-listener.html"]
            )
        case .targetKeepaliveTimeout:
            return (
                "The target closed an idle keep-alive connection just as the load balancer sent the next request on it: the target's keep-alive timeout is shorter than the load balancer's idle timeout.",
                [
                    "The 502s have target_processing_time -1 and arrive after idle gaps; probe_target (without quick) shows the target closing before idle timeout + 2 s.",
                    "A capture shows the target's FIN or RST right after the load balancer's request.",
                ],
                [
                    "Set the target's HTTP keep-alive timeout above the load balancer's idle timeout (e.g. idle 60 s → keep-alive 65 s)."
                ],
                [t + "#http-502-issues", "application-load-balancers.html#connection-idle-timeout"]
            )
        case .targetMalformedResponse:
            return (
                "The target sent a response the load balancer could not parse (bad status line, invalid headers, headers over the size limit).",
                [
                    "probe_target shows the response violating HTTP/1.1; a capture shows the exact bytes.",
                    "The application's logs show it answered those requests.",
                ],
                ["Fix the response the application or its proxy writes (status line, header syntax, header size)."],
                [t + "#http-502-issues"]
            )
        case .targetDeregistered:
            return (
                "The target was deregistered and the deregistration delay ended while requests were still in flight.",
                [
                    "CloudTrail DeregisterTargets (or a deploy / scale-in) just before the 502s; the target's last requests end at the same time."
                ],
                [
                    "Make the deregistration delay longer than the longest request, and let the application drain before it stops."
                ],
                [t + "#http-502-issues", "load-balancer-target-groups.html#deregistration-delay"]
            )
        case .lambdaResponseTooLarge:
            return (
                "A Lambda target returned a response over 1 MB.",
                ["error_reason LambdaResponseTooLarge in the access logs."],
                ["Return less than 1 MB (paginate, compress, or redirect to S3)."],
                [t + "#http-502-issues", "lambda-functions.html"]
            )
        case .lambdaUnhandled:
            return (
                "The Lambda function raised an unhandled exception or timed out.",
                ["error_reason LambdaUnhandled; the function's CloudWatch Logs show the exception or timeout."],
                ["Handle the exception in the function, or raise its timeout."],
                [t + "#http-502-issues", "lambda-functions.html"]
            )
        case .lambdaThrottled:
            return (
                "Lambda throttled the function (account or reserved concurrency reached).",
                ["error_reason LambdaThrottling; Lambda Throttles metric; ConcurrentExecutions at the quota."],
                ["Raise reserved concurrency or the account quota, or smooth the load."],
                [t + "#http-502-issues", "lambda-functions.html"]
            )
        case .lambdaError:
            return (
                "Another Lambda error: an invalid response shape, permissions, VPC or KMS set-up, or an internal error.",
                ["error_reason Lambda… (the code names the kind); the function's logs."],
                ["Fix what the error_reason names (response format, resource policy, VPC/KMS access)."],
                [t + "#http-502-issues", "lambda-functions.html"]
            )
        case .targetApplication502:
            return (
                "The target's application answered 502 itself (often a proxy in front of the application that could not reach its upstream); the load balancer passed it through.",
                [
                    "target_status_code 502 equals elb_status_code; HTTPCode_Target_5XX_Count rises, HTTPCode_ELB_502_Count does not."
                ],
                ["Look at the application or its proxy on the named targets: the load balancer is not involved."],
                [t + "#http-502-issues", metrics]
            )
        case .targetStoppedWhileRegistered:
            return (
                "The target's task, instance or pod stopped while the load balancer still routed to it (a deploy or scale-in without draining).",
                [
                    "ECS task stops, Auto Scaling activities or pod deletions at the 502 minutes; the target's requests end abruptly."
                ],
                [
                    "Deregister before stopping: drain with a preStop delay / stop timeout longer than the deregistration delay."
                ],
                [t + "#http-502-issues", "load-balancer-target-groups.html#deregistration-delay"]
            )
        case .targetResponseTimeout:
            return (
                "The target accepted the request but did not answer within the load balancer's idle timeout, so the load balancer answered 504.",
                ["TargetResponseTime max near the idle timeout; the durations of the 504s cluster at it."],
                ["Speed up the slow path, or raise the idle timeout if the work is slow by nature."],
                [t + "#http-504-issues", "application-load-balancers.html#connection-idle-timeout"]
            )
        case .targetConnectTimeout:
            return (
                "No TCP connection to the target within the load balancer's fixed 10 s connect timeout (blocked or overloaded).",
                ["TargetConnectionErrorCount; security groups and NACLs including the ephemeral-port return path."],
                ["Open the path (security groups, NACL 1024-65535 return), or relieve the overloaded target."],
                [t + "#http-504-issues"]
            )
        case .targetBodyShorterThanContentLength:
            return (
                "The target started a response with a Content-Length larger than the body it then sent.",
                ["A direct request to the target ends with 'transfer closed with N bytes remaining'."],
                ["Send the whole body, or a correct Content-Length (or chunked encoding)."],
                [t + "#http-504-issues"]
            )
        case .lambdaConnectTimeout:
            return (
                "The Lambda service did not answer before the connection timeout.",
                ["error_reason LambdaConnectionTimeout."],
                ["Retry; check the function's concurrency and the Lambda service health."],
                [t + "#http-504-issues", "lambda-functions.html"]
            )
        case .targetTLSHandshakeTimeout:
            return (
                "The TLS handshake to an HTTPS target did not finish within 10 s.",
                ["TargetTLSNegotiationErrorCount rather than TargetConnectionErrorCount."],
                ["Check the target's TLS termination (CPU, certificate chain) and the path."],
                [t + "#http-504-issues"]
            )
        case .noRegisteredTargets:
            return (
                "A rule forwarded to a target group with no registered targets (or only unused ones): 503.",
                ["describe-target-health is empty or all targets 'unused'."],
                ["Register healthy targets in the target group, or fix the rule to forward to the right group."],
                [t + "#http-503-issues"]
            )
        case .wafError:
            return (
                "The load balancer could not execute the AWS WAF web ACL (WAF connection error or timeout): 500.",
                ["error_reason WAF…; actions_executed waf-failed."],
                ["Consider waf.fail_open.enabled; check the web ACL and the WAF service health."],
                [t + "#http-500-issues", "application-load-balancers.html#load-balancer-attributes"]
            )
        case .authenticationError:
            return (
                "An authenticate action failed: the IdP token or user-info endpoint was unreachable or slower than 5 s, claims over 11 KB, or an internal error: 500.",
                ["error_reason Auth…; ELBAuthError metrics."],
                ["Let the load balancer reach the IdP endpoints (egress, DNS), keep claims small."],
                [t + "#http-500-issues", "listener-authenticate-users.html"]
            )
        case .ruleEvaluationError:
            return (
                "An error while evaluating the listener rules (matched_rule_priority -1), or a rule transform that failed: 500.",
                ["matched_rule_priority -1 in the logs; the listener's rules and transforms."],
                ["Review the listener rules and their transforms."],
                [t + "#http-500-issues", accessLogs]
            )
        case .clientClosedEarly:
            return (
                "The client closed the connection before the load balancer could answer: 460 (usually the client's own timeout).",
                ["The distribution of request durations clusters at the client's timeout."],
                ["Raise the client's timeout, or make the slow path faster."],
                [t + "#http-460-issues"]
            )
        case .xffTooManyAddresses:
            return (
                "X-Forwarded-For carried more than 30 addresses: 463.",
                ["Every 463 in the logs; the clients named."],
                ["Fix the chain of proxies that appends to X-Forwarded-For."],
                [t + "#http-463-issues", "x-forwarded-headers.html"]
            )
        case .incompatibleProtocolVersion:
            return (
                "The request's protocol does not match the target group's protocol version (HTTP/1.1, HTTP/2, gRPC): 464.",
                ["The listener type and request version against the target group's ProtocolVersion."],
                ["Match the target group's protocol version to what the clients send."],
                [t + "#http-464-issues", "load-balancer-target-groups.html#target-group-protocol-version"]
            )
        case .idpUnauthorized:
            return (
                "The identity provider answered the authenticate action with an error: 561.",
                ["error_reason AuthTokenEpRequestFailed / AuthUserinfoEpRequestFailed; the IdP's logs."],
                ["Fix the IdP client configuration (client id, secret, redirect URL)."],
                [t + "#http-561-issues", "listener-authenticate-users.html"]
            )
        case .targetApplicationError:
            return (
                "The target application answered this status itself (target_status_code equals elb_status_code); the load balancer passed it through.",
                ["HTTPCode_Target_NXX_Count rises at the same minutes; the application's logs show the requests."],
                ["Fix the application (or its dependency) on the named paths; the load balancer is not involved."],
                [t, metrics]
            )
        case .healthCheckMisconfigured:
            return (
                "The target fails its health checks (ResponseCodeMismatch or ResponseStringMismatch in the health-check logs) while its ordinary traffic succeeds: the check's path, port or matcher does not fit the application, so the target is marked unhealthy for the wrong reason.",
                [
                    "The health-check logs show FAIL with ResponseCodeMismatch for the target while the access log shows 2xx answers from it.",
                    "describe-target-groups: HealthCheckPath and Matcher.HttpCode against what the application answers there.",
                ],
                ["Point the health check at a path that answers the matched code (or widen Matcher.HttpCode)."],
                ["load-balancer-health-check-logs.html", "target-group-health-checks.html"]
            )
        case .targetFlapping:
            return (
                "The target switches between passing and failing its health checks: it leaves and rejoins the rotation, and requests routed in between can fail.",
                [
                    "The health-check logs show PASS and FAIL alternating for the target; UnHealthyHostCount moves up and down."
                ],
                [
                    "Find what makes the target fail intermittently (load, pauses, a slow dependency on the check path); adjust thresholds and interval only once it is understood."
                ],
                ["load-balancer-health-check-logs.html", "target-group-health-checks.html"]
            )
        case .clientCertificateRejected:
            return (
                "Mutual TLS rejected client certificates (tls_verify_status Failed:<code> in the connection logs): the connection ends in the handshake and never reaches the access log as a request.",
                [
                    "The connection logs name the failing code, the client and the certificate's subject, serial and validity."
                ],
                [
                    "Renew the expired certificates, or add the issuing CA to the trust store (or remove a revoked certificate from use)."
                ],
                ["load-balancer-connection-logs.html", "mutual-authentication.html"]
            )
        case .repeated502sOnConnection:
            return (
                "Several 502s on one client connection (the same conn_trace_id): the load balancer kept answering 502 on a connection the client reused.",
                [
                    "The access log's 502 lines share a conn_trace_id; the connection log's line for it names the client and its TLS session."
                ],
                [
                    "Look at the target those 502s went to; the client connection is where they show, not usually their cause."
                ],
                ["load-balancer-connection-logs.html", accessLogs]
            )
        }
    }
}
