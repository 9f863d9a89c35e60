#!/usr/bin/env python3
"""Drives `alb-doctor mcp` with the official Python MCP client (PyPI `mcp`, 1.x), over stdio and over HTTP.

Every check compares what an MCP client gets with what the CLI prints for the same input:

- initialize and tools/list (each input schema a valid JSON Schema, draft 2020-12);
- analyze_logs on the bundled Samples/: the structured content equals `alb-doctor analyze Samples/AWSLogs
  --format json` (parsed), the JSON text block equals it byte for byte when present, and validates against
  schema/analyze-report.schema.json; progress notifications arrive (stdio);
- a bad input gives a tool error (isError) whose text is the CLI's stderr line;
- paths outside the allowed directories are refused (absolute, `..`, a symbolic link out, stdin), and MCP roots
  granted by the client are honoured;
- records_query, explain_cause and iam_policy against the CLI's records, the cause registry and iam-policy;
- probe_target and engine=athena are refused without the server flags;
- a long call (analyze_logs on s3:// against a loopback server that never answers) is cancelled with
  notifications/cancelled: the server closes its connection (the work stopped), sends no result, and keeps
  serving;
- diagnose_load_balancer against moto (the incident of Scripts/diagnose-local.py) equals `alb-doctor diagnose
  --format json` for the same window; the AWS secret key never appears in anything the server sent;
- scan_fleet against moto (the walkthrough's load balancer plus a fleet from Scripts/make-fleet.py in two regions)
  equals `alb-doctor scan --format json` for the same regions, window and tags, after the volatile fields
  (`elapsed_seconds`; the window's start and end, which follow the clock); the summary names the top load
  balancer and the cost, and the JSON validates against schema/scan-report.schema.json;
- watch_snapshot against moto (the walkthrough's incident: target 10.0.1.11 refused connections from 30 to 20
  minutes ago) with minutes=15: its report equals `alb-doctor diagnose --start --end --format json` over the
  last window it states, the refused connections are gone and the target recovered against the window before,
  the 5xx rate fell, the summary says so and stays short; minutes=0 is a tool error;
- the client configuration in Docs/MCP.md (the JSON block after `<!-- mcp-config -->`) starts a working server.

Usage: Scripts/mcp-client-check.py --binary .build/debug/alb-doctor [--transport stdio|http|both] [--no-moto]
Prints one JSON object {"passed": [...], "failed": {check: message}}; exit status 0 when nothing failed.
"""

import argparse
import asyncio
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from datetime import timedelta

import anyio
import jsonschema
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamablehttp_client
from referencing import Registry, Resource

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = {
    "analyze_logs",
    "diagnose_load_balancer",
    "scan_fleet",
    "watch_snapshot",
    "records_query",
    "analyze_capture",
    "probe_target",
    "explain_cause",
    "iam_policy",
}
FLEET_REGIONS = ["us-east-1", "eu-west-1"]
SECRET = "mcp-check-secret-never-returned-0123456789"
TIMEOUT = timedelta(seconds=300)

passed = []
failed = {}
seen_by_client = []  # every message text the client received, for the secrets check


def check(name):
    """Decorator: runs an async check, recording pass or failure with the message."""

    def wrap(fn):
        async def run(*args, **kwargs):
            try:
                await fn(*args, **kwargs)
                passed.append(name)
            except Exception as error:  # noqa: BLE001 - every failure is reported by name
                while isinstance(error, BaseExceptionGroup) and error.exceptions:
                    error = error.exceptions[0]
                detail = "".join(traceback.format_exception_only(type(error), error)).strip()
                failed[name] = detail[:2000]

        return run

    return wrap


def cli(binary, *args, env=None, cwd=REPO):
    result = subprocess.run([binary, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return result


def schema_registry():
    resources = []
    for name in os.listdir(os.path.join(REPO, "schema")):
        with open(os.path.join(REPO, "schema", name)) as f:
            contents = json.load(f)
        resource = Resource.from_contents(contents)
        resources.append((name, resource))
        resources.append((contents["$id"], resource))
    return Registry().with_resources(resources)


def validate(instance, schema_file):
    with open(os.path.join(REPO, "schema", schema_file)) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator(schema, registry=schema_registry()).validate(instance)


def texts(result):
    out = [c.text for c in result.content if isinstance(c, types.TextContent)]
    seen_by_client.extend(out)
    if result.structuredContent is not None:
        seen_by_client.append(json.dumps(result.structuredContent))
    return out


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def without_volatile_scan_fields(report):
    """A scan report without what differs from run to run: the elapsed time and the clock-bound window ends."""
    out = dict(report)
    out.pop("elapsed_seconds", None)
    out["window"] = {k: v for k, v in report["window"].items() if k not in ("start", "end")}
    return out


def first_difference(a, b, path="$"):
    """Where two parsed JSON values differ, for a readable failure."""
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: only in {'mcp' if key in a else 'cli'}"
            d = first_difference(a[key], b[key], f"{path}.{key}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} vs {b!r}"


class BlackHole:
    """A loopback TCP server that accepts connections and never answers; counts the open ones."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.open = 0
        self.accepted = 0
        self.lock = threading.Lock()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.open += 1
                self.accepted += 1
            threading.Thread(target=self.drain, args=(conn,), daemon=True).start()

    def drain(self, conn):
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass
        finally:
            conn.close()
            with self.lock:
                self.open -= 1

    async def wait(self, predicate, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(self):
                    return True
            await anyio.sleep(0.05)
        return False


def load_moto_walkthrough():
    spec = importlib.util.spec_from_file_location("diagnose_local", os.path.join(REPO, "Scripts", "diagnose-local.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def server_environment(moto, blackhole, directory):
    """The server's environment: static keys (the secret is the marker the secrets check looks for), and an AWS
    config file whose default profile sends every call to moto and whose profile `blackhole` sends them to the
    loopback server that never answers (the long call the cancel check cancels)."""
    config = os.path.join(directory, "aws-config")
    hole = f"http://127.0.0.1:{blackhole.port}"
    with open(config, "w") as f:
        f.write(f"[default]\nregion = us-east-1\nendpoint_url = {moto or hole}\n\n")
        f.write(f"[profile blackhole]\nregion = us-east-1\nendpoint_url = {hole}\n")
        # A named profile takes its own keys (environment keys are for the default profile).
        f.write(f"aws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = {SECRET}\n")
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": directory,
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_CONFIG_FILE": config,
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    }


async def run_checks(session, label, ctx):
    binary = ctx["binary"]
    init = ctx["init"]

    @check(f"{label}:initialize")
    async def initialize():
        expect(init.serverInfo.name == "alb-doctor", f"server name {init.serverInfo.name}")
        expect(init.capabilities.tools is not None, "no tools capability")
        expect(init.protocolVersion in ("2025-11-25", "2025-06-18"), f"protocol {init.protocolVersion}")

    @check(f"{label}:list-tools")
    async def list_tools():
        tools = (await session.list_tools()).tools
        names = {t.name for t in tools}
        expect(names == TOOLS, f"tools {sorted(names)}")
        for tool in tools:
            jsonschema.Draft202012Validator.check_schema(tool.inputSchema)
            expect(tool.inputSchema.get("type") == "object", f"{tool.name}: input schema is not an object")
            expect(tool.description, f"{tool.name}: no description")

    @check(f"{label}:analyze-logs-equals-cli")
    async def analyze():
        expected = cli(binary, "analyze", "Samples/AWSLogs", "--format", "json")
        expect(expected.returncode == 0, expected.stderr)
        progress = []

        async def on_progress(value, total, message):
            progress.append(message)

        result = await session.call_tool(
            "analyze_logs", {"paths": ["Samples/AWSLogs"]}, read_timeout_seconds=TIMEOUT, progress_callback=on_progress
        )
        content = texts(result)
        expect(not result.isError, f"tool error: {content}")
        report = json.loads(expected.stdout)
        difference = first_difference(result.structuredContent, report)
        expect(difference is None, f"structured content differs from the CLI: {difference}")
        expect(result.structuredContent == report, "structured content differs from the CLI")
        expect(content[0].startswith("ALB"), f"summary first: {content[0][:200]}")
        expect("Verdict: most likely" in content[0], "summary without a verdict")
        expect(len(content[0]) < 8000, f"summary of {len(content[0])} characters")
        if len(content) > 1:
            expect(content[1] == expected.stdout, "JSON text block differs from the CLI's bytes")
        validate(result.structuredContent, "analyze-report.schema.json")
        if label == "stdio":
            expect(progress and all(isinstance(m, str) and m for m in progress), f"progress {progress}")

    @check(f"{label}:bad-input-cli-message")
    async def bad_input():
        expected = cli(binary, "analyze", "Samples/no-such-logs")
        expect(expected.returncode == 2, f"CLI exit {expected.returncode}")
        result = await session.call_tool("analyze_logs", {"paths": ["Samples/no-such-logs"]}, read_timeout_seconds=TIMEOUT)
        content = texts(result)
        expect(result.isError, "no tool error")
        expect(content == [expected.stderr.strip()], f"{content!r} vs CLI {expected.stderr.strip()!r}")
        result = await session.call_tool("analyze_logs", {"paths": ["Samples/AWSLogs"], "since": "yesterday-ish"})
        content = texts(result)
        expect(result.isError and "yesterday-ish" in content[0], f"bad window: {content}")
        result = await session.call_tool("analyze_logs", {"paths": ["Samples/AWSLogs"], "colour": "red"})
        expect(result.isError and "unknown argument 'colour'" in texts(result)[0], "unknown argument accepted")

    @check(f"{label}:outside-roots-refused")
    async def outside():
        for path in ["/etc", "Samples/../Package.swift", ctx["escape_link"] + "/passwd", "-"]:
            result = await session.call_tool("analyze_logs", {"paths": [path]})
            content = texts(result)
            expect(result.isError, f"{path} was not refused")
            expect("refused" in content[0] or "standard input" in content[0], f"{path}: {content[0]}")
        result = await session.call_tool("records_query", {"paths": ["/var/log"]})
        expect(result.isError and "outside the directories" in texts(result)[0], "records_query outside not refused")
        result = await session.call_tool("analyze_capture", {"paths": ["/etc/hostname"]})
        expect(result.isError and "outside the directories" in texts(result)[0], "analyze_capture outside not refused")

    @check(f"{label}:records-query-equals-cli")
    async def records():
        lines = cli(binary, "records", "Samples/AWSLogs", "--status", "502").stdout.splitlines()
        result = await session.call_tool(
            "records_query", {"paths": ["Samples/AWSLogs"], "status": [502], "limit": 5}, read_timeout_seconds=TIMEOUT
        )
        texts(result)
        expect(not result.isError, "tool error")
        s = result.structuredContent
        expect(s["matched"] == len(lines), f"matched {s['matched']} vs CLI {len(lines)}")
        expect(s["returned"] == 5 and s["truncated"], f"returned {s['returned']}")
        expect(s["records"] == [json.loads(line) for line in lines[:5]], "records differ from the CLI's")
        result = await session.call_tool("records_query", {"paths": ["Samples/AWSLogs"], "limit": 5000})
        expect(result.isError and "limit" in texts(result)[0], "limit over 1000 accepted")
        target = s["records"][0]["target:port"]
        result = await session.call_tool(
            "records_query", {"paths": ["Samples/AWSLogs"], "target": target, "path": "/", "limit": 1000}
        )
        texts(result)
        expect(all(r["target:port"] == target for r in result.structuredContent["records"]), "target filter")
        expect(len(json.dumps(result.structuredContent)) < 400_000, "sample not bounded")

    @check(f"{label}:explain-cause-and-iam")
    async def explain():
        result = await session.call_tool("explain_cause", {"cause": "target-keepalive-timeout"})
        texts(result)
        s = result.structuredContent
        expect(s["id"] == "target-keepalive-timeout" and s["status_codes"] == [502], f"{s}")
        expect(all(u.startswith("https://docs.aws.amazon.com/") for u in s["aws_docs"]) and s["fix"], "docs/fix")
        with open(os.path.join(REPO, "schema", "analyze-report.schema.json")) as f:
            ids = re.findall(r'"(target-[a-z0-9-]+|lambda-[a-z-]+|[a-z]+-[a-z-]+)"', f.read())
        result = await session.call_tool("explain_cause", {"cause": "no-such-cause"})
        expect(result.isError and "known:" in texts(result)[0], "unknown cause accepted")
        policy = await session.call_tool("iam_policy", {})
        texts(policy)
        expected = json.loads(cli(binary, "iam-policy").stdout)
        expect(policy.structuredContent == expected, "iam_policy differs from the CLI")
        del ids

    @check(f"{label}:active-and-costly-refused")
    async def refused():
        result = await session.call_tool("probe_target", {"urls": ["http://127.0.0.1:9/"]})
        expect(result.isError and "--allow-probes" in texts(result)[0], "probe not refused")
        result = await session.call_tool(
            "diagnose_load_balancer", {"load_balancer": "web-prod", "engine": "athena", "athena_max_scan_gb": 1}
        )
        expect(result.isError and "--allow-athena" in texts(result)[0], "athena not refused")

    @check(f"{label}:cancel-long-call")
    async def cancel():
        hole = ctx["blackhole"]
        before = hole.accepted
        request_id = session._request_id  # the id the next request gets (the client numbers them)
        outcome = {}

        async def long_call():
            try:
                outcome["result"] = await session.call_tool(
                    "analyze_logs",
                    {"paths": ["s3://cancel-me/AWSLogs/"], "profile": "blackhole"},
                    read_timeout_seconds=timedelta(seconds=60),
                )
            except Exception as error:  # noqa: BLE001
                outcome["error"] = error

        async with anyio.create_task_group() as group:
            group.start_soon(long_call)
            expect(await hole.wait(lambda h: h.accepted > before, 60), "the long call never reached the S3 endpoint")
            await anyio.sleep(0.3)
            await session.send_notification(
                types.ClientNotification(
                    types.CancelledNotification(
                        params=types.CancelledNotificationParams(requestId=request_id, reason="mcp-client-check")
                    )
                )
            )
            stopped = await hole.wait(lambda h: h.open == 0, 20)
            await anyio.sleep(1.0)
            group.cancel_scope.cancel()
        expect(stopped, "the server kept its S3 connection open after the cancellation")
        expect("result" not in outcome, f"a result came for the cancelled request: {outcome.get('result')}")
        result = await session.call_tool("explain_cause", {"cause": "target-deregistered"})
        expect(not result.isError, "the server stopped serving after the cancellation")

    @check(f"{label}:diagnose-moto-equals-cli")
    async def diagnose():
        if not ctx.get("moto"):
            raise AssertionError("moto is not running")
        start, end = ctx["window"]
        env = dict(ctx["env"])
        expected = cli(
            binary, "diagnose", "--load-balancer", "web-prod", "--start", start, "--end", end, "--format", "json", env=env
        )
        expect(expected.returncode == 0, expected.stderr)
        result = await session.call_tool(
            "diagnose_load_balancer",
            {"load_balancer": "web-prod", "start": start, "end": end},
            read_timeout_seconds=TIMEOUT,
        )
        content = texts(result)
        expect(not result.isError, f"tool error: {content}")
        report = json.loads(expected.stdout)
        difference = first_difference(result.structuredContent, report)
        expect(difference is None, f"differs from the CLI: {difference}")
        validate(result.structuredContent, "diagnose-report.schema.json")
        expect(report["causes"] and report["causes"][0]["id"] == "target-refused-connection", "moto incident cause")
        expect("target-refused-connection" in content[0], "summary without the cause")
        expect("Missing evidence" in content[0], "summary without the missing evidence")

    @check(f"{label}:scan-fleet-moto-equals-cli")
    async def scan_fleet():
        if not ctx.get("moto"):
            raise AssertionError("moto is not running")
        env = dict(ctx["env"])
        regions = ctx["fleet_regions"]
        flags = [a for r in regions for a in ("--region", r)] + ["--since", "1h", "--tag", "env=prod"]

        def scan_cli():
            run = cli(binary, "scan", *flags, "--format", "json", env=env)
            expect(run.returncode == 0, run.stderr)
            return without_volatile_scan_fields(json.loads(run.stdout))

        # The window ends now: a CLI run before and one after the tool call, one of them in the same minute.
        before = scan_cli()
        result = await session.call_tool(
            "scan_fleet",
            {"regions": regions, "since": "1h", "tags": ["env=prod"]},
            read_timeout_seconds=TIMEOUT,
        )
        after = scan_cli()
        content = texts(result)
        expect(not result.isError, f"tool error: {content}")
        validate(result.structuredContent, "scan-report.schema.json")
        got = without_volatile_scan_fields(result.structuredContent)
        differences = [first_difference(got, expected) for expected in (before, after)]
        expect(None in differences, f"differs from the CLI: {differences[0]}")
        fleet = ctx["fleet"]
        expect(len(got["load_balancers"]) == len(fleet), f"{len(got['load_balancers'])} load balancers, made {len(fleet)}")
        top = min(fleet, key=lambda b: (-b["errors"], b["region"], b["name"]))  # the scan's order on ties
        expect(got["load_balancers"][0]["name"] == top["name"], f"top {got['load_balancers'][0]['name']}, expected {top['name']}")
        expect(content[0].startswith("ALB fleet scan"), f"summary starts {content[0][:40]!r}")
        expect(top["name"] in content[0], "summary without the top load balancer")
        expect("GetMetricData" in content[0] and "US$" in content[0], "summary without the cost")
        expect("diagnose_load_balancer" in content[0], "summary without the next step")
        bad = await session.call_tool("scan_fleet", {"tags": ["no-equals-sign"]})
        expect(bad.isError and texts(bad)[0] == "scan_fleet: tags: no-equals-sign: expected KEY=VALUE", f"{texts(bad)}")

    @check(f"{label}:watch-snapshot-moto")
    async def watch_snapshot():
        if not ctx.get("moto"):
            raise AssertionError("moto is not running")
        env = dict(ctx["env"])
        result = await session.call_tool(
            "watch_snapshot", {"load_balancer": "web-prod", "minutes": 15}, read_timeout_seconds=TIMEOUT
        )
        content = texts(result)
        expect(not result.isError, f"tool error: {content}")
        snapshot = result.structuredContent
        expect(snapshot["type"] == "snapshot" and snapshot["minutes"] == 15, f"{snapshot.get('type')} {snapshot.get('minutes')}")
        validate(snapshot["report"], "diagnose-report.schema.json")
        window = snapshot["window"]
        expected = cli(
            binary, "diagnose", "--load-balancer", "web-prod", "--start", window["start"], "--end", window["end"],
            "--format", "json", env=env,
        )
        expect(expected.returncode == 0, expected.stderr)
        difference = first_difference(snapshot["report"], json.loads(expected.stdout))
        expect(difference is None, f"the last window's report differs from the CLI's: {difference}")
        expect(snapshot["previous_window"]["end"] == window["start"], f"windows {snapshot['previous_window']} {window}")
        expect("target-refused-connection" in snapshot["gone_causes"], f"gone {snapshot['gone_causes']}")
        expect(snapshot["recovered_targets"] == ["10.0.1.11:8080"], f"recovered {snapshot['recovered_targets']}")
        now, before = snapshot["errors_per_minute"], snapshot["previous_errors_per_minute"]
        expect(before is not None and now is not None and now < before, f"5xx/min {before} -> {now}")
        expect(content[0].startswith("Watch snapshot: web-prod, the last 15 min"), content[0][:80])
        expect("- target-refused-connection is no longer a cause" in content[0], "summary without the gone cause")
        expect("✓ 10.0.1.11:8080" in content[0], "summary without the recovered target")
        expect(len(content[0]) < 8192, f"summary of {len(content[0])} characters")
        bad = await session.call_tool("watch_snapshot", {"load_balancer": "web-prod", "minutes": 0})
        expect(
            bad.isError and texts(bad)[0] == "watch_snapshot: argument 'minutes' must be between 1 and 720, not 0",
            f"{texts(bad)}",
        )

    await initialize()
    await list_tools()
    await analyze()
    await bad_input()
    await outside()
    await records()
    await explain()
    await refused()
    await cancel()
    if ctx.get("moto"):
        await diagnose()
        await scan_fleet()
        await watch_snapshot()


async def roots_check(binary, env):
    """A client granting one root: files there are readable, the working directory is not."""
    granted = tempfile.mkdtemp(prefix="mcp-root-")
    try:
        sample = os.path.join(REPO, "Samples", "AWSLogs")
        first = next(
            os.path.join(d, f) for d, _, files in sorted(os.walk(sample)) for f in sorted(files) if f.endswith(".log.gz")
        )
        shutil.copy(first, granted)

        async def list_roots(context):
            return types.ListRootsResult(roots=[types.Root(uri=f"file://{granted}", name="incident")])

        params = StdioServerParameters(command=binary, args=["mcp", "--allow-probes"], cwd=REPO, env=env)
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write, list_roots_callback=list_roots) as session:
                await session.initialize()

                @check("stdio:probe-with-allow-probes")
                async def probe():
                    with socket.socket() as s:  # a loopback port nobody listens on: the connection is refused
                        s.bind(("127.0.0.1", 0))
                        url = f"http://127.0.0.1:{s.getsockname()[1]}/health"
                    expected = json.loads(cli(binary, "probe", url, "--format", "json", env=env).stdout)
                    result = await session.call_tool("probe_target", {"urls": [url]}, read_timeout_seconds=TIMEOUT)
                    content = texts(result)
                    expect(not result.isError, f"tool error: {content}")
                    validate(result.structuredContent, "probe-report.schema.json")
                    ids = [c["id"] for c in result.structuredContent.get("causes", [])]
                    expect(ids == [c["id"] for c in expected.get("causes", [])], f"causes {ids} vs the CLI's")
                    expect("target-refused-connection" in ids, f"causes {ids}")
                    expect("Cost: one connection" in content[0], "the summary does not state the cost")

                await probe()

                @check("stdio:client-roots")
                async def roots():
                    result = await session.call_tool("analyze_logs", {"paths": [granted]}, read_timeout_seconds=TIMEOUT)
                    expect(not result.isError, f"granted root refused: {texts(result)}")
                    result = await session.call_tool("analyze_logs", {"paths": ["Samples/AWSLogs"]})
                    expect(result.isError and "refused" in texts(result)[0], "outside the granted root not refused")

                await roots()
    finally:
        shutil.rmtree(granted, ignore_errors=True)


async def documented_config_check(binary):
    """Starts the server exactly as the configuration block of Docs/MCP.md says."""
    with open(os.path.join(REPO, "Docs", "MCP.md")) as f:
        text = f.read()
    match = re.search(r"<!-- mcp-config -->\s*```json\n(.*?)```", text, re.S)

    @check("docs:client-config")
    async def config():
        expect(match, "Docs/MCP.md has no ```json block after <!-- mcp-config -->")
        entry = json.loads(match.group(1))["mcpServers"]["alb-doctor"]
        expect(entry["command"] == "alb-doctor", f"command {entry['command']}")
        params = StdioServerParameters(command=binary, args=entry["args"], cwd=REPO, env=entry.get("env"))
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = {t.name for t in (await session.list_tools()).tools}
                expect(tools == TOOLS, f"tools {tools}")
                result = await session.call_tool("analyze_logs", {"paths": ["Samples/AWSLogs"]}, read_timeout_seconds=TIMEOUT)
                expect(not result.isError, f"{texts(result)}")

    await config()


async def http_session(binary, args, env, body):
    process = subprocess.Popen(
        [binary, "mcp", "--http", "127.0.0.1:0", *args], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        line = process.stderr.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            raise AssertionError(f"no listening line: {line!r}")
        async with streamablehttp_client(match.group(1)) as (read, write, _):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                await body(session, init)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--transport", choices=["stdio", "http", "both"], default="both")
    parser.add_argument("--no-moto", action="store_true")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    # A parent started by Foundation's Process may hand down a blocked signal mask; unblock it so the servers
    # and moto started here end on SIGTERM.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])

    hole = BlackHole()
    moto_process, moto = None, None
    window = None
    fleet_made = []
    if not options.no_moto:
        walkthrough = load_moto_walkthrough()
        moto_process, moto = walkthrough.start_moto()
        walkthrough.build(moto)
        fleet = subprocess.run(
            [sys.executable, os.path.join(REPO, "Scripts", "make-fleet.py"), "--endpoint", moto, "--per-region", "6"]
            + [a for r in FLEET_REGIONS for a in ("--region", r)],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
        fleet_made = [json.loads(line) for line in fleet.stdout.splitlines() if line.strip()]
        now = int(time.time())
        window = (
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 3600)),
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
        )
    escape_dir = tempfile.mkdtemp(prefix="mcp-escape-")
    os.symlink("/etc", os.path.join(escape_dir, "link"))
    env = server_environment(moto, hole, escape_dir)
    server_args = ["--allow-dir", "Samples", "--allow-dir", escape_dir]
    ctx = {
        "binary": binary,
        "blackhole": hole,
        "moto": moto,
        "window": window,
        "fleet": fleet_made,
        "fleet_regions": FLEET_REGIONS,
        "env": env,
        "escape_link": os.path.join(escape_dir, "link"),
    }
    try:
        if options.transport in ("stdio", "both"):
            params = StdioServerParameters(command=binary, args=["mcp", *server_args], cwd=REPO, env=env)
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write) as session:
                    ctx["init"] = await session.initialize()
                    await run_checks(session, "stdio", ctx)
            await roots_check(binary, env)
            await documented_config_check(binary)
        if options.transport in ("http", "both"):

            async def body(session, init):
                ctx["init"] = init
                await run_checks(session, "http", ctx)

            await http_session(binary, server_args, env, body)
    finally:
        shutil.rmtree(escape_dir, ignore_errors=True)
        if moto_process:
            moto_process.terminate()
            try:
                moto_process.wait(10)
            except subprocess.TimeoutExpired:
                moto_process.kill()
                moto_process.wait()
    if any(SECRET in text for text in seen_by_client):
        failed["secrets-never-returned"] = "the AWS secret key appeared in a tool result"
    else:
        passed.append("secrets-never-returned")
    print(json.dumps({"passed": passed, "failed": failed}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
