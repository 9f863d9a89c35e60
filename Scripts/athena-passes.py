#!/usr/bin/env python3
"""Benchmark: how many passes over the logs the Athena triage costs, next to the local engine's one.

Runs the built `alb-doctor` for the DDL (`athena setup`) and the statements (`analyze --engine athena
--print-sql`) over a log folder (default: Samples/), loads the folder into DuckDB with the DDL's regex
(Scripts/athena-duckdb.py), runs every statement, and counts the passes over the logs two ways: the table
scans in DuckDB's plan of each statement, and the reads of the log table in the Trino text with every CTE
inlined at each reference (DuckDB materialises a CTE used twice, Trino and Athena do not: the second count
is what Athena reads). Athena reads every byte of a text table's objects in the partitions a scan touches,
so the bytes it bills are scans x the .gz bytes of the window's day folders. Also times a local `analyze`
of the same folder (one pass) and the DuckDB run, for scale.

Usage: Scripts/athena-passes.py [LOG_DIR] [--since T --until T] [--binary PATH]
"""
import json
import os
import re
import subprocess
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "Scripts"))
args = sys.argv[1:]
binary = args[args.index("--binary") + 1] if "--binary" in args else os.path.join(root, ".build", "debug", "alb-doctor")
if "--binary" in args:
    del args[args.index("--binary"):args.index("--binary") + 2]
logs = args[0] if args and not args[0].startswith("--") else os.path.join(root, "Samples", "AWSLogs")
since = args[args.index("--since") + 1] if "--since" in args else "2026-11-24T09:00:00Z"
until = args[args.index("--until") + 1] if "--until" in args else "2026-11-24T10:00:00Z"
location = "s3://bench/AWSLogs/123456789012/elasticloadbalancing/us-east-1/"

ddl = subprocess.run([binary, "athena", "setup", "--logs", location, "--start", "2026/01/01"],
                     check=True, capture_output=True, text=True).stdout
ddl = ddl[ddl.index("CREATE EXTERNAL TABLE"):]
script = subprocess.run([binary, "analyze", location, "--engine", "athena", "--print-sql", "--since", since,
                         "--until", until], check=True, capture_output=True, text=True).stdout
statements = dict(re.findall(r"-- alb-doctor triage: (\w+)\n(.*?\n;)\n", script, re.S))

days = re.search(r"day BETWEEN '([\d/]+)' AND '([\d/]+)'", script).groups()
gz_bytes = 0
for dirpath, _, names in os.walk(logs):
    m = re.search(r"(\d{4})/(\d{2})/(\d{2})$", dirpath)
    if m and days[0] <= "/".join(m.groups()) <= days[1]:
        gz_bytes += sum(os.path.getsize(os.path.join(dirpath, n)) for n in names if n.endswith(".log.gz"))

job = {"ddl": ddl, "database": "default", "table": "alb_access_logs", "logs": [logs], "statements": statements}
started = time.time()
out = subprocess.run([sys.executable, os.path.join(root, "Scripts", "athena-duckdb.py")],
                     input=json.dumps(job), check=True, capture_output=True, text=True).stdout
duck_seconds = time.time() - started
result = json.loads(out)

started = time.time()
subprocess.run([binary, "analyze", logs, "--format", "json"], check=True, capture_output=True)
local_seconds = time.time() - started

scans = {name: result[name]["scans"] for name in statements}
reads = {name: result[name]["trino_reads"] for name in statements}
passes = max(sum(scans.values()), sum(reads.values()))
print(f"logs: {logs}  window {since} .. {until}  day partitions {days[0]}..{days[1]}  ({gz_bytes} bytes of .log.gz)")
print(f"{'statement':<18} {'DuckDB plan scans':>17} {'Trino table reads':>17} {'rows back':>10}")
for name in statements:
    print(f"{name:<18} {scans[name]:>17} {reads[name]:>17} {len(result[name]['rows']):>10}")
    if "part" in result[name]["columns"]:
        column = result[name]["columns"].index("part")
        parts = {}
        for row in result[name]["rows"]:
            parts[row[column]] = parts.get(row[column], 0) + 1
        for part in sorted(parts):
            print(f"  {part:<30} {parts[part]:>10} rows")
print(f"athena engine: {len(statements)} quer{'y' if len(statements) == 1 else 'ies'}, {passes} pass"
      f"{'' if passes == 1 else 'es'} -> {passes:.1f} GB scanned per GB of logs in the window's days; here "
      f"{passes * gz_bytes} bytes, ${max(passes * gz_bytes, 10_000_000 * len(statements)) / 1e12 * 5:.4f} "
      f"at $5/TB (10 MB minimum per query); DuckDB run {duck_seconds:.1f} s")
print(f"baseline, local engine: 1 pass, {gz_bytes} bytes downloaded; local analyze {local_seconds:.1f} s")
