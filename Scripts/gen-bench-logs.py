#!/usr/bin/env python3
"""Deterministic generator of realistic current-format ALB access logs (33 fields) for benchmarks.

Usage: gen-bench-logs.py OUTDIR SIZE_MB [--seed N] [--lines-per-file N]

Writes
  OUTDIR/plain/access.log                      one plain file of about SIZE_MB MB
  OUTDIR/plain-split/*.log                     the same lines as ALB-sized 5-minute plain files
  OUTDIR/gz/AWSLogs/.../<ALB object name>.log.gz  the same lines as ALB-sized 5-minute .log.gz files
The same seed always yields byte-identical output.
"""
import argparse
import gzip
import os
import random
import subprocess

ACCOUNT = "123456789012"
REGION = "us-east-1"
LB = "app/bench-alb/0123456789abcdef"
TG = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/bench-targets/73e2d6bc24d8a067"
CERT = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012"
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
    'Mozilla/5.0 (compatible; \\"quoted\\" bot/1.0)',
]
PATHS = ["/", "/api/v1/orders", "/api/v1/orders/12345", "/static/app.js", "/health", "/login?next=%2Fhome", "/search?q=a+b"]


def fmt_time(us):
    s, micro = divmod(us, 1_000_000)
    import time as _t
    t = _t.gmtime(s)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, micro)


def make_line(rng, us):
    r = rng.random()
    kind = "https" if r < 0.6 else ("h2" if r < 0.85 else ("http" if r < 0.97 else "wss"))
    if rng.random() < 0.05:
        client = "2001:db8:%x::%x:%d" % (rng.randrange(65536), rng.randrange(65536), rng.randrange(1024, 65535))
    else:
        client = "%d.%d.%d.%d:%d" % (rng.randrange(1, 223), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255), rng.randrange(1024, 65535))
    target = "10.0.%d.%d:8080" % (rng.randrange(4), rng.randrange(2, 250))
    x = rng.random()
    tpt = "%.3f" % (rng.random() * 0.3)
    rpt, rspt = "0.000", "0.000"
    elb, tsc = "200", "200"
    err = "-"
    if x < 0.010:  # 502 from the load balancer: could not connect / target closed
        rpt = tpt = rspt = "-1"
        elb, tsc = "502", "-"
    elif x < 0.012:  # 502 from the target
        elb, tsc = "502", "502"
    elif x < 0.014:  # 504
        rpt, tpt, rspt, elb, tsc = "0.000", "-1", "-1", "504", "-"
    elif x < 0.030:
        elb = tsc = rng.choice(["404", "301", "400", "500", "503"])
    tlist = '"%s"' % target if target != "-" else '"-"'
    tslist = '"%s"' % tsc
    path = rng.choice(PATHS)
    method = "GET" if rng.random() < 0.8 else "POST"
    scheme, port = ("http", 80) if kind == "http" else ("https", 443)
    request = "%s %s://www.example.com:%d%s HTTP/%s" % (method, scheme, port, path, "2.0" if kind == "h2" else "1.1")
    cipher, proto, cert, dom = ("-", "-", "-", "-") if kind == "http" else ("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2", CERT, "www.example.com")
    trace = "Root=1-%08x-%024x" % (us // 1_000_000, rng.getrandbits(96))
    created = fmt_time(us - int(float(tpt if tpt != "-1" else "0") * 1e6) - 1000)
    return (
        f'{kind} {fmt_time(us)} {LB} {client} {target} {rpt} {tpt} {rspt} {elb} {tsc} {rng.randrange(100, 2000)} {rng.randrange(100, 90000)} '
        f'"{request}" "{rng.choice(AGENTS)}" {cipher} {proto} {TG} "{trace}" "{dom}" "{cert}" {rng.choice([0, 1, 2, 10])} {created} '
        f'"forward" "-" "{err}" {tlist} {tslist} "-" "-" TID_{rng.getrandbits(128):032x} "-" "-" "-"\n'
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("size_mb", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--lines-per-file", type=int, default=14000)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    target = args.size_mb * 1_000_000
    os.makedirs(f"{args.outdir}/plain", exist_ok=True)
    os.makedirs(f"{args.outdir}/plain-split", exist_ok=True)
    day = "%s/gz/AWSLogs/%s/elasticloadbalancing/%s/2026/11/25" % (args.outdir, ACCOUNT, REGION)
    os.makedirs(day, exist_ok=True)
    start_us = 1795564800 * 1_000_000  # 2026-11-25T00:00:00Z
    written = 0
    file_index = 0
    us = start_us
    with open(f"{args.outdir}/plain/access.log", "w") as plain:
        while written < target:
            lines = []
            for _ in range(args.lines_per_file):
                us += rng.randrange(1000, 40000)
                lines.append(make_line(rng, us))
            chunk = "".join(lines)
            plain.write(chunk)
            written += len(chunk)
            end = start_us + (file_index + 1) * 300 * 1_000_000
            import time as _t
            t = _t.gmtime(end // 1_000_000)
            stamp = "%04d%02d%02dT%02d%02dZ" % (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min)
            name = f"{ACCOUNT}_elasticloadbalancing_{REGION}_app.bench-alb.0123456789abcdef_{stamp}_10.0.1.23_{file_index:08x}.log"
            with open(f"{args.outdir}/plain-split/{name}", "w") as f:
                f.write(chunk)
            file_index += 1
    # gzip the split files into the S3 layout, two processes at a time, deterministic (-n: no name/time).
    names = sorted(os.listdir(f"{args.outdir}/plain-split"))
    procs = []
    for name in names:
        src = f"{args.outdir}/plain-split/{name}"
        dst = f"{day}/{name}.gz"
        procs.append(subprocess.Popen(f"gzip -6 -n -c '{src}' > '{dst}'", shell=True))
        if len(procs) >= 2:
            procs.pop(0).wait()
    for p in procs:
        p.wait()
    print(f"{written} bytes, {file_index} files")


if __name__ == "__main__":
    main()
