#!/usr/bin/env python3
"""Writes Tests/ALBDoctorCLITests/Fixtures/kube/ deterministically (same bytes every run):

- pods.json: what `kubectl get pods -A -o json` prints for a rolling update of shop/web: the old pod
  web-7d9f8c-x2k4p (10.0.2.12) terminating (deletionTimestamp 10:05:30Z, 30 s grace period, no preStop hook,
  no readiness gate, its container exited 143 at 10:05:01Z), a sibling with a preStop sleep and the
  target-health readiness gate, the new pod, and one pending pod without an IP.
- access.log: ALB access logs 10:00-10:10Z, one request every 0.5 s round-robin over the three pod IPs.
  10.0.2.12 serves until the deletion at 10:05:00Z, then the load balancer still routes to it for 8 s:
  12 no-valid-response 502s (connections cut as the process exits) then 20 not-dispatched 502s
  (connection refused), and nothing after.

Run: python3 Scripts/make-kube-fixture.py
"""
import json
import os
from datetime import datetime, timedelta, timezone

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "ALBDoctorCLITests", "Fixtures", "kube")
BASE = datetime(2026, 11, 24, 10, 0, 0, tzinfo=timezone.utc)
STOPPED = "10.0.2.12"
TARGETS = ["10.0.2.12", "10.0.2.13", "10.0.2.14"]
GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/k8s-shop-web-5a1b2c3d4e/0123456789abcdef"


def ts(seconds: float) -> str:
    t = BASE + timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"


def rfc3339(seconds: int) -> str:
    return (BASE + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def line(seconds, target, elb, tstatus, times, path, n):
    t = ts(seconds)
    return " ".join([
        "https", t, "app/k8s-shop-web/50dc6c495c0c9188", f"198.51.100.{7 + n % 50}:{40000 + n % 20000}",
        f"{target}:8080", times, str(elb), tstatus, "120", "340",
        f'"GET https://shop.example.com:443{path} HTTP/1.1"', '"curl/8.5.0"', "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2",
        GROUP, f'"Root=1-00000000-{n:024x}"', '"shop.example.com"', '"-"', "0", t,
        '"forward"', '"-"', '"-"', f'"{target}:8080"', f'"{tstatus}"', '"-"', '"-"',
        "TID_00000000000000000000000000000000",
    ])


def logs():
    out = []
    n = 0
    for i in range(1200):
        s = i * 0.5
        target = TARGETS[i % 3]
        if target == STOPPED and s >= 300:
            continue
        path = ["/", "/cart", "/api/items/1234", "/checkout"][(i // 3) % 4]
        out.append((s, line(s, target, 200, "200", "0.000 0.012 0.000", path, n)))
        n += 1
    for k in range(12):
        s = 300.2 + k * 0.07
        out.append((s, line(s, STOPPED, 502, "-", "0.000 0.004 -1", "/cart", n)))
        n += 1
    for k in range(20):
        s = 301.1 + k * 0.35
        out.append((s, line(s, STOPPED, 502, "-", "-1 -1 -1", "/", n)))
        n += 1
    out.sort(key=lambda p: p[0])
    return "".join(l + "\n" for _, l in out)


def pod(name, ip, rs, node, *, deleting=False, prestop=False, gate=False, terminated=None, phase="Running"):
    container = {"name": "app", "image": "registry.example.com/shop/web:1.8.2", "ports": [{"containerPort": 8080}]}
    if prestop:
        container["lifecycle"] = {"preStop": {"exec": {"command": ["sleep", "15"]}}}
    metadata = {
        "name": name, "namespace": "shop", "labels": {"app": "web"},
        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs, "controller": True}],
        "creationTimestamp": rfc3339(-3600),
    }
    if deleting:
        metadata["deletionTimestamp"] = rfc3339(330)
        metadata["deletionGracePeriodSeconds"] = 30
    spec = {"containers": [container], "terminationGracePeriodSeconds": 30}
    if node:
        spec["nodeName"] = node
    if gate:
        spec["readinessGates"] = [{"conditionType": "target-health.elbv2.k8s.aws/k8s-shop-web-5a1b2c3d4e"}]
    status = {"phase": phase}
    if ip:
        status["podIP"] = ip
        status["podIPs"] = [{"ip": ip}]
    state = {"running": {"startedAt": rfc3339(-3500)}}
    if terminated is not None:
        state = {"terminated": {"exitCode": terminated, "reason": "Error", "startedAt": rfc3339(-3500),
                                "finishedAt": rfc3339(301)}}
    if ip:
        status["containerStatuses"] = [{"name": "app", "ready": terminated is None, "restartCount": 0, "state": state}]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status}


def pods():
    return {
        "apiVersion": "v1",
        "kind": "List",
        "items": [
            pod("web-7d9f8c-x2k4p", "10.0.2.12", "web-7d9f8c", "ip-10-0-2-5.ec2.internal", deleting=True,
                terminated=143),
            pod("web-7d9f8c-m8q2z", "10.0.2.13", "web-7d9f8c", "ip-10-0-2-6.ec2.internal", prestop=True, gate=True),
            pod("web-5b7c4d-r7t9w", "10.0.2.14", "web-5b7c4d", "ip-10-0-2-6.ec2.internal", prestop=True, gate=True),
            pod("web-5b7c4d-pend1", None, "web-5b7c4d", None, phase="Pending"),
        ],
        "metadata": {"resourceVersion": ""},
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "pods.json"), "w") as f:
        json.dump(pods(), f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(OUT, "access.log"), "w") as f:
        f.write(logs())


if __name__ == "__main__":
    main()
