#!/usr/bin/env python3
"""Writes the join scenario of Tests/ALBDoctorCLITests/Fixtures/join: access, health-check and connection logs of
one load balancer for 10 minutes, in the S3 folder layout (deterministic: no randomness, no clock).

- four targets 10.0.1.10-13:8080 in target group `web`, 8 requests a minute each;
- 10.0.1.12 refuses connections 10:03-10:05 (not-dispatched 502s), and its health checks FAIL with
  ConnectionReset in those minutes; its 502s come on three client keep-alive connections;
- 10.0.1.13 serves traffic but its health checks FAIL with ResponseCodeMismatch (404): a wrong check path;
- six mTLS handshakes of an expired client certificate (CN=legacy-client) fail with ClientCertExpired.

Usage: Scripts/make-join-logs.py [OUT_DIR]   (default Tests/ALBDoctorCLITests/Fixtures/join)
"""
import os
import sys

ACCOUNT = "123456789012"
REGION = "us-east-1"
LB = "app/my-lb/0123456789abcdef"
TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
TARGETS = ["10.0.1.10:8080", "10.0.1.11:8080", "10.0.1.12:8080", "10.0.1.13:8080"]
REFUSING = "10.0.1.12:8080"
MISCONFIGURED = "10.0.1.13:8080"


def ts(seconds):
    m, s = divmod(seconds, 60)
    return "2026-01-01T10:%02d:%02d.%06dZ" % (m, int(s), round((s - int(s)) * 1_000_000))


def trace(n):
    return "TID_%032x" % n


def access_line(at, target, client, conn, refused):
    times = "-1 -1 -1" if refused else "0.000 0.012 0.000"
    elb, tgt = ("502", "-") if refused else ("200", "200")
    return " ".join([
        "https", ts(at), LB, client, target, times, elb, tgt, "120", "340",
        '"GET https://example.com:443/api/orders HTTP/1.1"', '"curl/8.5.0"', "ECDHE-RSA-AES128-GCM-SHA256",
        "TLSv1.2", TG, '"Root=1-00000000-000000000000000000000000"', '"example.com"', '"-"', "0", ts(at),
        '"forward"', '"-"', '"-"', '"%s"' % target, '"%s"' % tgt, '"-"', '"-"', conn,
    ])


def conn_line(at, client, port, status, subject, serial, conn):
    latency = "0.004" if status == "Success" else "-"
    return " ".join([
        ts(at), client, str(port), "443", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", latency, '"%s"' % subject,
        "NotBefore=2025-01-01T00:00:00Z;NotAfter=2025-12-31T23:59:59Z", serial, status, conn,
    ])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/ALBDoctorCLITests/Fixtures/join"
    day = os.path.join(out, "AWSLogs", ACCOUNT, "elasticloadbalancing", REGION, "2026", "01", "01")
    os.makedirs(day, exist_ok=True)
    access, checks, conns = [], [], []
    next_conn = 1
    # Clients: one keep-alive connection per client and target for ordinary traffic.
    connections = {}
    for minute in range(10):
        for i in range(8):
            for t, target in enumerate(TARGETS):
                at = minute * 60 + i * 7.5 + t * 0.5
                refused = target == REFUSING and 3 <= minute <= 5
                client_n = (i % 3) + 1 if refused else 10 + t
                client = "198.51.100.%d" % client_n
                key = (client, refused)
                if key not in connections:
                    connections[key] = (trace(next_conn), 40000 + next_conn, at)
                    next_conn += 1
                conn = connections[key][0]
                access.append((at, access_line(at, target, "%s:%d" % (client, connections[key][1]), conn, refused)))
        for half in range(2):
            at = minute * 60 + half * 30 + 1
            for target in TARGETS:
                if target == REFUSING and 3 <= minute <= 5:
                    line = "http %s 0.000412000 %s web FAIL - ConnectionReset" % (ts(at), target)
                elif target == MISCONFIGURED:
                    line = "http %s 0.003105000 %s web FAIL 404 ResponseCodeMismatch" % (ts(at), target)
                else:
                    line = "http %s 0.002950000 %s web PASS 200 -" % (ts(at), target)
                checks.append((at, line))
    for (client, _), (conn, port, at) in sorted(connections.items(), key=lambda kv: kv[1][2]):
        opened = max(0.0, at - 0.01)
        conns.append((opened, conn_line(opened, client, port, "Success", "CN=orders-client,O=Example", "0A1B2C", conn)))
    for i in range(6):
        at = 240 + i * 20
        conns.append((at, conn_line(at, "203.0.113.%d" % (i % 2 + 20), 50000 + i, "Failed:ClientCertExpired",
                                    "CN=legacy-client,O=Example", "DEAD01", trace(1000 + i))))
    name = "%s_elasticloadbalancing_%s_app.my-lb.0123456789abcdef_20260101T1010Z_10.0.0.5_join0001.log" % (ACCOUNT, REGION)
    for prefix, lines in (("", access), ("health_check_log_", checks), ("conn_log_", conns)):
        with open(os.path.join(day, prefix + name), "w") as f:
            for _, line in sorted(lines, key=lambda x: x[0]):
                f.write(line + "\n")


if __name__ == "__main__":
    main()
