#!/usr/bin/env python3
"""Try `alb-doctor diagnose` without an AWS account.

Starts moto_server (the AWS emulator) on 127.0.0.1, builds a small incident in it and runs
`alb-doctor diagnose --load-balancer web-prod` against it:

- a VPC with two subnets, a load balancer `web-prod` (idle timeout 60 s, access logs to the S3 bucket
  `web-prod-alb-logs` under `alb/`), an `ip` target group `web-http` (HTTP 8080) with three targets;
- 45 minutes of access logs, one request every 2 s spread over the targets, written as ALB writes them
  (5-minute `.log.gz` objects named with the load balancer's id); from 30 to 20 minutes ago target
  10.0.1.11:8080 refuses every connection (`-1 -1 -1 502 -`);
- the CloudWatch data points that go with them (`HTTPCode_ELB_502_Count`, `TargetConnectionErrorCount`,
  `RequestCount`), put with PutMetricData.

moto does not emulate CloudTrail LookupEvents or the Lambda Service Quotas, so the report lists them under
"Missing evidence", exactly as it would for an account without those permissions.

Usage: Scripts/diagnose-local.py [alb-doctor diagnose options, e.g. --format markdown]
Needs moto[server] (Scripts/install-test-tools.sh installs it) and a built alb-doctor (it runs
`swift run alb-doctor` unless ALB_DOCTOR names a binary). The incident is the same on every run apart from
its times, which are relative to now.
"""

import gzip
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request

import boto3

REGION = "us-east-1"
ACCOUNT = "123456789012"
BUCKET = "web-prod-alb-logs"
TARGETS = ["10.0.1.10", "10.0.1.11", "10.0.2.12"]
REFUSING = "10.0.1.11"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto():
    port = free_port()
    process = subprocess.Popen(
        ["moto_server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            return process, endpoint
        except Exception:
            time.sleep(0.1)
    process.kill()
    sys.exit("diagnose-local: moto_server did not start (install it with Scripts/install-test-tools.sh)")


def stamp(seconds, micros=0):
    t = time.gmtime(seconds)
    return time.strftime("%Y-%m-%dT%H:%M:%S", t) + f".{micros:06d}Z"


def log_line(rng, when, lb_dimension, group_arn, target, refused):
    seconds, micros = int(when), int((when % 1) * 1_000_000)
    client = f"198.51.100.{rng.randint(1, 200)}:{rng.randint(30000, 60000)}"
    path = rng.choice(["/api/v1/orders", "/api/v1/search", "/", "/static/app.js"])
    if refused:
        times, elb, status, sent = "-1 -1 -1", "502", "-", "272"
    else:
        times = f"0.001 {rng.uniform(0.005, 0.120):.3f} 0.000"
        elb, status, sent = "200", "200", str(rng.randint(300, 9000))
    trace = f"Root=1-{seconds:08x}-{rng.getrandbits(96):024x}"
    return (
        f'http {stamp(seconds, micros)} {lb_dimension} {client} {target}:8080 {times} {elb} {status} '
        f'{rng.randint(200, 900)} {sent} "GET http://web.example.com:80{path} HTTP/1.1" "curl/8.5.0" - - '
        f'{group_arn} "{trace}" "-" "-" 0 {stamp(seconds, max(0, micros - 15000))} "forward" "-" "-" '
        f'"{target}:8080" "{status}" "-" "-" TID_{rng.getrandbits(64):016x}'
    )


def build(endpoint):
    session = boto3.session.Session(
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="moto-secret", region_name=REGION
    )
    ec2 = session.client("ec2", endpoint_url=endpoint)
    elbv2 = session.client("elbv2", endpoint_url=endpoint)
    s3 = session.client("s3", endpoint_url=endpoint)
    cloudwatch = session.client("cloudwatch", endpoint_url=endpoint)

    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i + 1}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"][
            "SubnetId"
        ]
        for i, zone in enumerate("ab")
    ]
    lb = elbv2.create_load_balancer(Name="web-prod", Subnets=subnets)["LoadBalancers"][0]
    lb_arn = lb["LoadBalancerArn"]
    lb_dimension = lb_arn.split(":loadbalancer/")[1]
    s3.create_bucket(Bucket=BUCKET)
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=lb_arn,
        Attributes=[
            {"Key": "idle_timeout.timeout_seconds", "Value": "60"},
            {"Key": "access_logs.s3.enabled", "Value": "true"},
            {"Key": "access_logs.s3.bucket", "Value": BUCKET},
            {"Key": "access_logs.s3.prefix", "Value": "alb"},
        ],
    )
    group = elbv2.create_target_group(
        Name="web-http", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip", HealthCheckPath="/health"
    )["TargetGroups"][0]
    group_arn = group["TargetGroupArn"]
    group_dimension = group_arn.split(":")[-1]
    elbv2.modify_target_group_attributes(
        TargetGroupArn=group_arn, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]
    )
    elbv2.register_targets(TargetGroupArn=group_arn, Targets=[{"Id": ip, "Port": 8080} for ip in TARGETS])
    elbv2.create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group_arn}],
    )

    # 45 minutes of traffic ending 5 minutes ago, in ALB's 5-minute objects.
    rng = random.Random(502)
    now = int(time.time())
    end = (now // 300) * 300 - 300
    start = end - 45 * 60
    refuse_from, refuse_to = now - 30 * 60, now - 20 * 60
    per_minute = {}
    lb_id = lb_dimension.split("/")[-1]
    for object_start in range(start, end, 300):
        lines = []
        for i in range(150):
            when = object_start + i * 2 + rng.random()
            target = TARGETS[i % 3]
            refused = target == REFUSING and refuse_from <= when < refuse_to
            lines.append(log_line(rng, when, lb_dimension, group_arn, target, refused))
            minute = int(when) // 60 * 60
            counts = per_minute.setdefault(minute, [0, 0])
            counts[0] += 1
            counts[1] += 1 if refused else 0
        object_end = time.strftime("%Y%m%dT%H%MZ", time.gmtime(object_start + 300))
        day = time.strftime("%Y/%m/%d", time.gmtime(object_start + 300))
        key = (
            f"alb/AWSLogs/{ACCOUNT}/elasticloadbalancing/{REGION}/{day}/"
            f"{ACCOUNT}_elasticloadbalancing_{REGION}_app.web-prod.{lb_id}_{object_end}_10.0.1.5_{rng.getrandbits(32):08x}.log.gz"
        )
        s3.put_object(Bucket=BUCKET, Key=key, Body=gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))

    lb_dims = [{"Name": "LoadBalancer", "Value": lb_dimension}]
    group_dims = [{"Name": "TargetGroup", "Value": group_dimension}] + lb_dims
    data = []
    for minute, (requests, failed) in sorted(per_minute.items()):
        data.append({"MetricName": "RequestCount", "Dimensions": lb_dims, "Timestamp": minute, "Value": requests})
        if failed:
            for name, dims in [
                ("HTTPCode_ELB_502_Count", lb_dims),
                ("TargetConnectionErrorCount", lb_dims),
                ("TargetConnectionErrorCount", group_dims),
            ]:
                data.append({"MetricName": name, "Dimensions": dims, "Timestamp": minute, "Value": failed})
    for i in range(0, len(data), 20):
        cloudwatch.put_metric_data(Namespace="AWS/ApplicationELB", MetricData=data[i : i + 20])


def main():
    process, endpoint = start_moto()
    try:
        build(endpoint)
        env = dict(os.environ)
        env.update(
            {
                "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY": "moto-secret",
                "AWS_REGION": REGION,
                "AWS_ENDPOINT_URL": endpoint,
                "AWS_MAX_ATTEMPTS": "1",
            }
        )
        env.pop("AWS_PROFILE", None)
        binary = os.environ.get("ALB_DOCTOR")
        command = [binary] if binary else ["swift", "run", "-q", "alb-doctor"]
        command += ["diagnose", "--load-balancer", "web-prod", "--since", "1h"] + sys.argv[1:]
        print(f"$ AWS_ENDPOINT_URL={endpoint} alb-doctor " + " ".join(command[command.index("diagnose") :]), file=sys.stderr)
        return subprocess.call(command, env=env)
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    sys.exit(main())
