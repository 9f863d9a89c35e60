#!/usr/bin/env python3
"""Builds a fleet of Application Load Balancers with 5xx metrics in moto_server, for `alb-doctor scan`.

    moto_server -p 5000 &
    python3 Scripts/make-fleet.py --endpoint http://127.0.0.1:5000 --per-region 30
    alb-doctor scan --endpoint-url http://127.0.0.1:5000 --region us-east-1 --region eu-west-1 --since 1h

Per region: a VPC with two subnets, then `--per-region` load balancers `shop-<region>-NN`, each with one
`ip` target group and an HTTP listener, tagged `team=<shop|search>` and `env=prod`. Every load balancer gets a
`RequestCount` curve for the last hour; a few get a pattern of errors the scan should rank and explain:

    NN % 10 == 0  connection errors: HTTPCode_ELB_502_Count + TargetConnectionErrorCount   (refused/unreachable)
    NN % 10 == 1  TLS to targets:   HTTPCode_ELB_502_Count + TargetTLSNegotiationErrorCount
    NN % 10 == 2  timeouts:         HTTPCode_ELB_504_Count
    NN % 10 == 3  no healthy host:  HTTPCode_ELB_503_Count, HealthyHostCount 0, UnHealthyHostCount 2
    NN % 10 == 4  the application:  HTTPCode_Target_5XX_Count
    otherwise     quiet

Errors are put in the 20 minutes before `--now` (default: now), with more on lower NN so the ranking is
deterministic. Only points with a value are put (CloudWatch omits empty minutes too). The script prints
the load balancers it made as JSON lines (`name`, `region`, `pattern`, `errors`) for tests to compare with.
Uses boto3 against the emulator only (fake keys); moto's ids are random, so dimensions come from the ARNs.
"""

import argparse
import datetime as dt
import json

import boto3

PATTERNS = {0: "connection", 1: "tls", 2: "timeout", 3: "no-healthy-host", 4: "application"}


def client(service, endpoint, region):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    )


def put(cw, data):
    # moto answers a gzip-compressed PutMetricData with HTTP 500: keep each request small (boto3 compresses
    # only above 10 KB, and this stays well under that).
    for i in range(0, len(data), 20):
        cw.put_metric_data(Namespace="AWS/ApplicationELB", MetricData=data[i : i + 20])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", default="http://127.0.0.1:5000")
    parser.add_argument("--region", action="append", help="repeatable (default us-east-1 and eu-west-1)")
    parser.add_argument("--per-region", type=int, default=30)
    parser.add_argument("--now", help="ISO 8601 end of the hour of metrics (default: now)")
    args = parser.parse_args()
    regions = args.region or ["us-east-1", "eu-west-1"]
    now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(dt.timezone.utc)
    now = now.replace(second=0, microsecond=0)
    for region in regions:
        ec2 = client("ec2", args.endpoint, region)
        elb = client("elbv2", args.endpoint, region)
        cw = client("cloudwatch", args.endpoint, region)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i + 1}.0/24", AvailabilityZone=f"{region}{zone}")[
                "Subnet"
            ]["SubnetId"]
            for i, zone in enumerate("ab")
        ]
        for n in range(args.per_region):
            name = f"shop-{region}-{n:02d}"
            pattern = PATTERNS.get(n % 10, "quiet")
            lb = elb.create_load_balancer(
                Name=name,
                Subnets=subnets,
                Tags=[{"Key": "team", "Value": "shop" if n % 2 == 0 else "search"}, {"Key": "env", "Value": "prod"}],
            )["LoadBalancers"][0]["LoadBalancerArn"]
            tg = elb.create_target_group(
                Name=f"tg-{region}-{n:02d}"[:32], Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip"
            )["TargetGroups"][0]["TargetGroupArn"]
            elb.create_listener(
                LoadBalancerArn=lb,
                Protocol="HTTP",
                Port=80,
                DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}],
            )
            lb_dim = [{"Name": "LoadBalancer", "Value": lb.split(":loadbalancer/")[1]}]
            tg_dim = [{"Name": "TargetGroup", "Value": tg.split(":")[-1]}] + lb_dim
            data = []
            errors = 0
            weight = max(1, 40 - n)
            for minute in range(60, 0, -5):
                t = now - dt.timedelta(minutes=minute)
                data.append({"MetricName": "RequestCount", "Dimensions": lb_dim, "Timestamp": t, "Value": 1000.0})
            for minute in range(20, 0, -2):
                t = now - dt.timedelta(minutes=minute)
                value = float(weight)
                metrics = {
                    "connection": ["HTTPCode_ELB_502_Count", "HTTPCode_ELB_5XX_Count", "TargetConnectionErrorCount"],
                    "tls": ["HTTPCode_ELB_502_Count", "HTTPCode_ELB_5XX_Count", "TargetTLSNegotiationErrorCount"],
                    "timeout": ["HTTPCode_ELB_504_Count", "HTTPCode_ELB_5XX_Count"],
                    "no-healthy-host": ["HTTPCode_ELB_503_Count", "HTTPCode_ELB_5XX_Count"],
                    "application": ["HTTPCode_Target_5XX_Count"],
                }.get(pattern, [])
                for metric in metrics:
                    data.append({"MetricName": metric, "Dimensions": lb_dim, "Timestamp": t, "Value": value})
                if metrics:
                    errors += int(value)
                if pattern == "no-healthy-host":
                    for metric, v in (("HealthyHostCount", 0.0), ("UnHealthyHostCount", 2.0)):
                        data.append({"MetricName": metric, "Dimensions": tg_dim, "Timestamp": t, "Value": v})
            put(cw, data)
            print(json.dumps({"name": name, "region": region, "pattern": pattern, "errors": errors}), flush=True)


if __name__ == "__main__":
    main()
