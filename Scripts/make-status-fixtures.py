#!/usr/bin/env python3
"""Writes Tests/ALBDoctorCLITests/Fixtures/status/ deterministically (same bytes every run): four small log
sets for the default report, which follows the codes the logs hold (Docs/Triage.md, "Other status codes"):

- 504.log: a store whose slow target answers /report after the 60 s idle timeout: 164 x 504
  (response timeout: dispatched, no target status, 60 s between request and answer) and 4 x 502
  (no valid response within milliseconds, the keep-alive race), among 800 ordinary requests.
- 503.log: a rule forwards /beta to a target group with no registered target: 120 x 503 (no target,
  -1 -1 -1), plus 3 x 502 (keep-alive race), among 600 ordinary requests.
- mixed.log: one target refuses connections for two minutes (30 x 502, -1 -1 -1), another stops answering
  SYNs (12 x 504 after the fixed 10 s connection timeout), clients give up on /search (25 x 460), and the
  application answers 500 on /checkout (40 x 500 / 500, the target's own), among 1,200 ordinary requests.
- 502.log: 502s only (a refusing target and the keep-alive race): the default report is exactly the
  `--status 502` report.
- scale-in.log: a pod's IP vanishes at 500 s while the load balancer still routes to it (an HPA scale-in
  without a preStop sleep): 3 requests in flight cut (502, dispatched, no answer), then 14 x 504 after the
  10 s connection timeout for the requests routed to it until 514 s, and 5 x 460 from clients with a 5 s
  timeout; no request reaches it after that while the logs go on to 900 s. One stop, its counts per code.

Run: python3 Scripts/make-status-fixtures.py
"""
import os
from datetime import datetime, timedelta, timezone

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "ALBDoctorCLITests", "Fixtures", "status")
BASE = datetime(2026, 11, 24, 9, 0, 0, tzinfo=timezone.utc)
ELB = "app/shop-web/50dc6c495c0c9188"
TARGETS = ["10.0.1.10", "10.0.1.11", "10.0.2.10", "10.0.2.11"]
PATHS = ["/", "/cart", "/api/items/1234", "/checkout", "/search", "/report"]


def group(name):
    return f"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/0123456789abcdef"


def ts(seconds):
    t = BASE + timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"


def line(seconds, n, target="10.0.1.10", elb=200, tstatus="200", times="0.000 0.012 0.000", path="/",
         elapsed=0.0, tg="shop-web", actions="forward", priority="1"):
    """One access-log line (the 29 fields ALB writes since 2024), request created `elapsed` s before `time`."""
    t = ts(seconds)
    created = ts(seconds - elapsed)
    tport = "-" if target == "-" else f"{target}:8080"
    return " ".join([
        "https", t, ELB, f"198.51.100.{7 + n % 50}:{40000 + n % 20000}", tport, times, str(elb), tstatus,
        "120", "340", f'"GET https://shop.example.com:443{path} HTTP/1.1"', '"Mozilla/5.0"',
        "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2", group(tg) if tg != "-" else "-",
        f'"Root=1-00000000-{n:024x}"', '"shop.example.com"', '"-"', priority, created,
        f'"{actions}"', '"-"', '"-"', f'"{tport}"', f'"{tstatus}"', '"-"', '"-"',
        "TID_00000000000000000000000000000000",
    ])


def ordinary(count, start=0.0, end=900.0, skip=lambda s, target: False):
    out = []
    for i in range(count):
        s = start + (end - start) * i / count
        target = TARGETS[i % len(TARGETS)]
        if skip(s, target):
            continue
        out.append((s, line(s, i, target=target, path=PATHS[(i // 4) % 5])))
    return out


def keepalive_races(n, start, step, first=100000):
    return [
        (start + k * step, line(start + k * step, first + k, target=TARGETS[k % 4], elb=502, tstatus="-",
                                times="0.000 0.001 -1", path=PATHS[k % 5]))
        for k in range(n)
    ]


def store_504():
    out = ordinary(800)
    for k in range(164):
        s = 120 + k * 4.2
        out.append((s, line(s, 200000 + k, target=TARGETS[k % 4], elb=504, tstatus="-", times="0.000 -1 -1",
                            path="/report", elapsed=60.0 + (k % 7) * 0.001)))
    return out + keepalive_races(4, 200, 97)


def store_503():
    out = ordinary(600)
    for k in range(120):
        s = 300 + k * 2.5
        out.append((s, line(s, 300000 + k, target="-", elb=503, tstatus="-", times="-1 -1 -1", path="/beta/home",
                            tg="shop-beta", priority="10")))
    return out + keepalive_races(3, 150, 211)


def mixed():
    refusing = "10.0.2.11"
    silent = "10.0.1.11"
    out = ordinary(1200, skip=lambda s, t: (t == refusing and 400 <= s < 520) or (t == silent and 600 <= s < 700))
    for k in range(30):
        s = 400 + k * 4
        out.append((s, line(s, 400000 + k, target=refusing, elb=502, tstatus="-", times="-1 -1 -1",
                            path=PATHS[k % 5])))
    for k in range(12):
        s = 610 + k * 7
        out.append((s, line(s, 410000 + k, target=silent, elb=504, tstatus="-", times="0.000 -1 -1",
                            path=PATHS[k % 5], elapsed=10.0 + (k % 3) * 0.002)))
    for k in range(25):
        s = 100 + k * 30
        out.append((s, line(s, 420000 + k, target=TARGETS[k % 4], elb=460, tstatus="-", times="0.000 -1 -1",
                            path="/search", elapsed=30.0 + (k % 4) * 0.1)))
    for k in range(40):
        s = 50 + k * 20
        out.append((s, line(s, 430000 + k, target=TARGETS[k % 4], elb=500, tstatus="500", times="0.000 0.045 0.000",
                            path="/checkout")))
    return out


def only_502():
    refusing = "10.0.2.11"
    out = ordinary(800, skip=lambda s, t: t == refusing and 400 <= s < 480)
    for k in range(20):
        s = 400 + k * 4
        out.append((s, line(s, 500000 + k, target=refusing, elb=502, tstatus="-", times="-1 -1 -1",
                            path=PATHS[k % 5])))
    return out + keepalive_races(6, 100, 123)


def scale_in():
    gone = "10.0.2.10"
    out = ordinary(1200, skip=lambda s, t: t == gone and s >= 500)
    for k in range(3):
        s = 500.05 + k * 0.01
        out.append((s, line(s, 600000 + k, target=gone, elb=502, tstatus="-", times=f"0.000 0.4{k}0 -1",
                            path=PATHS[k % 5])))
    for k in range(14):
        s = 510.5 + k * 1.0
        out.append((s, line(s, 610000 + k, target=gone, elb=504, tstatus="-", times="0.000 -1 -1",
                            path=PATHS[k % 5], elapsed=10.0 + (k % 3) * 0.001)))
    for k in range(5):
        s = 505.5 + k * 1.0
        out.append((s, line(s, 620000 + k, target=gone, elb=460, tstatus="-", times="0.000 -1 -1",
                            path=PATHS[k % 5], elapsed=5.0)))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, lines in [("504.log", store_504()), ("503.log", store_503()), ("mixed.log", mixed()),
                        ("502.log", only_502()), ("scale-in.log", scale_in())]:
        lines.sort(key=lambda x: (x[0], x[1]))
        with open(os.path.join(OUT, name), "w", newline="\n") as f:
            for _, text in lines:
                f.write(text + "\n")


if __name__ == "__main__":
    main()
