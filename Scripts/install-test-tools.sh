#!/usr/bin/env bash
# Installs the real tools the test suite drives, only where they are missing:
# tcpdump (packet captures), nginx and openssl (probe targets), tshark/editcap (pcapng conversion),
# libdeflate-tools (benchmark baseline), chromium (the HTML report opened in a real browser),
# moto_server (the AWS emulator), jsonschema and the official MCP client `mcp` (from PyPI).
# The `watch` terminal test runs Scripts/pty-run.py, which needs only python3's standard `pty` module.
set -euo pipefail

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need tcpdump tcpdump
need nginx nginx
need openssl openssl
need editcap tshark
need tshark tshark
need libdeflate-gunzip libdeflate-tools
need /usr/bin/time time
need chromium chromium

if [ ${#missing[@]} -gt 0 ]; then
    # Deduplicate the package names.
    mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "install-test-tools: installing ${pkgs[*]}" >&2
    "${sudo_cmd[@]}" apt-get update -qq
    echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo_cmd[@]}" debconf-set-selections || true
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi

if ! python3 -c 'import pty, select' >/dev/null 2>&1; then
    echo "install-test-tools: python3 lacks the standard pty module (Scripts/pty-run.py needs it)" >&2
    exit 1
fi

if ! command -v moto_server >/dev/null 2>&1; then
    echo "install-test-tools: installing moto[server] from PyPI" >&2
    python3 -m pip install --quiet 'moto[server]==5.2.1'
fi

# The CLI tests validate the JSON report against schema/ with python3's jsonschema.
if ! python3 -c 'import jsonschema' >/dev/null 2>&1; then
    echo "install-test-tools: installing jsonschema from PyPI" >&2
    python3 -m pip install --quiet jsonschema
fi

# The Athena SQL tests run the generated Trino statements on real log lines with DuckDB, translated by sqlglot.
if ! python3 -c 'import duckdb, sqlglot' >/dev/null 2>&1; then
    echo "install-test-tools: installing duckdb and sqlglot from PyPI" >&2
    python3 -m pip install --quiet duckdb sqlglot
fi

# The MCP server tests drive `alb-doctor mcp` with the official Python MCP client (the 1.x line).
if ! python3 -c 'import mcp.client.stdio, mcp.client.streamable_http' >/dev/null 2>&1; then
    echo "install-test-tools: installing mcp (the Python MCP client) from PyPI" >&2
    python3 -m pip install --quiet 'mcp>=1.23,<2'
fi
